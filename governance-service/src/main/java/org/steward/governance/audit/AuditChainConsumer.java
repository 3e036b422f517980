package org.steward.governance.audit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.event.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@value Topics#AUDIT} in order (one partition, one consumer) and appends each batch to the chain in one
 * transaction; offsets are committed only after that transaction, so a crash re-reads events the chain then
 * recognises by id. A record that is not an audit event is set aside on the dead-letter topic and logged,
 * rather than blocking the trail; a database failure is retried until it passes, since skipping would break order.
 */
@Component
class AuditChainConsumer {

    static final String LISTENER_ID = "audit-chain";
    private static final Logger log = LoggerFactory.getLogger(AuditChainConsumer.class);

    private final AuditTrail trail;
    private final JsonMapper json;
    private final KafkaTemplate<Object, Object> deadLetters;

    AuditChainConsumer(AuditTrail trail, JsonMapper json, KafkaTemplate<Object, Object> deadLetters) {
        this.trail = trail;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.AUDIT, groupId = "governance-audit-chain", batch = "true",
            concurrency = "1", properties = "max.poll.records=1000")
    void onAuditEvents(List<ConsumerRecord<String, String>> records) {
        List<AuditTrail.Incoming> incoming = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                incoming.add(AuditTrail.Incoming.of(json.readTree(record.value())));
            } catch (MalformedEventException | JacksonException | IllegalArgumentException e) {
                log.error("Audit record at offset {} is not an audit event ({}); moved to {}.DLT", record.offset(),
                        e.getMessage(), Topics.AUDIT);
                deadLetters.send(Topics.AUDIT + ".DLT", record.key(), record.value()).join();
            }
        }
        trail.append(incoming);
    }
}
