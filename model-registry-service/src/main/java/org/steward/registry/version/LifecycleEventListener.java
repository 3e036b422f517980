package org.steward.registry.version;

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

import java.util.function.Consumer;

/**
 * The only doors through which governance-owned and deployment-owned transitions enter the registry. Each record is
 * applied in its own transaction and its offset committed after it. A record that can never be applied (not an
 * event, or an event without a model and version) is set aside on {@code <topic>.DLT} and logged rather than
 * blocking the versions behind it; any other failure (the database is down) is retried by the platform's error
 * handler, since skipping an event would break their order.
 */
@Component
class LifecycleEventListener {

    static final String GOVERNANCE_LISTENER = "model-registry-governance";
    static final String DEPLOYMENT_LISTENER = "model-registry-deployment";
    private static final Logger log = LoggerFactory.getLogger(LifecycleEventListener.class);

    private final LifecycleService lifecycle;
    private final JsonMapper json;
    private final KafkaTemplate<Object, Object> deadLetters;

    LifecycleEventListener(LifecycleService lifecycle, JsonMapper json, KafkaTemplate<Object, Object> deadLetters) {
        this.lifecycle = lifecycle;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = GOVERNANCE_LISTENER, topics = Topics.GOVERNANCE)
    void onGovernanceEvent(ConsumerRecord<String, String> record) {
        apply(record, lifecycle::applyGovernance);
    }

    @KafkaListener(id = DEPLOYMENT_LISTENER, topics = Topics.DEPLOYMENT)
    void onDeploymentEvent(ConsumerRecord<String, String> record) {
        apply(record, lifecycle::applyDeployment);
    }

    private void apply(ConsumerRecord<String, String> record, Consumer<CloudEvent> application) {
        try {
            if (record.value() == null) {
                throw new MalformedEventException("a record without a value is not an event");
            }
            application.accept(CloudEvent.fromJson(json.readTree(record.value())));
        } catch (MalformedEventException | JacksonException e) {
            String deadLetterTopic = record.topic() + ".DLT";
            log.error("Record at {}-{} offset {} cannot be applied ({}); moved to {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage().lines().findFirst().orElse(""), deadLetterTopic);
            deadLetters.send(deadLetterTopic, record.key(), record.value()).join();
        }
    }
}
