package org.steward.commons.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.steward.commons.event.CloudEvent;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;

/**
 * Appends events to the service's outbox table inside the caller's transaction, so a state change and the
 * events it causes commit or roll back together. The {@link OutboxRelay} publishes them after the commit.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Runnable onCommit;

    public Outbox(JdbcClient jdbc, JsonMapper json, Runnable onCommit) {
        this.jdbc = jdbc;
        this.json = json;
        this.onCommit = onCommit;
    }

    /**
     * Records {@code event} for {@code topic}, keyed by its subject.
     *
     * @throws IllegalStateException outside a transaction: an event without its change (or the reverse) is
     *                               exactly what the outbox exists to prevent
     */
    public void append(String topic, CloudEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("events must be appended inside the transaction of the change that causes them");
        }
        jdbc.sql("insert into steward_outbox (event_id, topic, event_key, payload) values (?, ?, ?, ?)")
                .params(UUID.fromString(event.id()), topic, event.subject(), json.writeValueAsString(event.toJson()))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                onCommit.run();
            }
        });
    }
}
