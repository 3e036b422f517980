package org.steward.governance.catalog;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.event.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows {@value Topics#REGISTRY} into the catalog, one record per transaction. A record that can never be applied
 * is set aside on {@code <topic>.DLT} and logged rather than blocking the models behind it; any other failure (the
 * database is down) is retried by the platform's error handler.
 */
@Component
class CatalogListener {

    static final String LISTENER_ID = "governance-catalog";
    private static final Logger log = LoggerFactory.getLogger(CatalogListener.class);

    private final CatalogProjection projection;
    private final JsonMapper json;
    private final KafkaTemplate<Object, Object> deadLetters;

    CatalogListener(CatalogProjection projection, JsonMapper json, KafkaTemplate<Object, Object> deadLetters) {
        this.projection = projection;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.REGISTRY, groupId = "governance-catalog")
    void onRegistryEvent(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                throw new MalformedEventException("a record without a value is not an event");
            }
            projection.apply(CloudEvent.fromJson(json.readTree(record.value())));
        } catch (MalformedEventException | JacksonException e) {
            String deadLetterTopic = record.topic() + ".DLT";
            log.error("Registry record at {}-{} offset {} cannot be applied ({}); moved to {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage().lines().findFirst().orElse(""), deadLetterTopic);
            deadLetters.send(deadLetterTopic, record.key(), record.value()).join();
        }
    }
}
