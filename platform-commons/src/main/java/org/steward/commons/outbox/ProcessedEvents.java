package org.steward.commons.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a consumer idempotent: it records, in the same transaction as the effect of an event, that the event
 * was applied. A redelivered event finds its row and is skipped, so at-least-once delivery applies exactly once.
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    public ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code eventId} for {@code consumer}.
     *
     * @return true the first time; false if this consumer already applied the event
     */
    public boolean firstDelivery(String consumer, String eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be claimed in the transaction that applies it");
        }
        return jdbc.sql("insert into steward_processed_event (consumer, event_id) values (?, ?) on conflict do nothing")
                .params(consumer, eventId)
                .update() == 1;
    }
}
