package org.steward.registry.version;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.json.Sha256;
import org.steward.registry.RegistryClient;
import org.steward.registry.RegistryIntegrationTest;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.steward.registry.RegistryClient.await;

/**
 * The lifecycle driven by the other services' events on the real topics: governance acts and deployment rollouts
 * published with a plain Kafka producer, applied once however often they are delivered, refused and audited when
 * they break the lifecycle or concern other bytes, and at most one champion per model.
 */
@RegistryIntegrationTest
class LifecycleEventsIntegrationTest {

    private static KafkaProducer<String, String> producer;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    RegistryClient registry;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructureExtension.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @BeforeEach
    void client() {
        registry = new RegistryClient(port, jdbc, json);
    }

    @Test
    void governanceActsMoveAVersionOnceEvenWhenRedelivered() {
        String model = registry.registerModel("governed");
        String sha256 = upload(model);
        String subject = ModelVersion.subject(model, 1);
        CloudEvent submitted = governance("approval.submitted", model, 1, sha256, "dana");
        CloudEvent validated = governance("validation.granted", model, 1, sha256, "vera");

        publish(Topics.GOVERNANCE, submitted);
        publish(Topics.GOVERNANCE, submitted);
        publish(Topics.GOVERNANCE, validated);
        awaitStatus(model, 1, "validated");
        publish(Topics.GOVERNANCE, governance("approval.granted", model, 1, sha256, "alex"));
        awaitStatus(model, 1, "approved");

        publish(Topics.GOVERNANCE, submitted);
        publish(Topics.GOVERNANCE, validated);
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, 1, sha256, "dana"));
        awaitRefusals(subject, "model.version.transition-refused", 1);

        assertThat(registry.version(model, 1).get("status").asString()).isEqualTo("approved");
        List<JsonNode> changes = registry.events(Topics.REGISTRY, subject, "model.version.status-changed");
        assertThat(changes).extracting(e -> e.get("from").asString() + "->" + e.get("to").asString())
                .as("the redelivered events changed nothing").containsExactly("dev->submitted", "submitted->validated", "validated->approved");
        assertThat(changes.getLast().get("artifactSha256").asString()).isEqualTo(sha256);
        List<JsonNode> audited = registry.events(Topics.AUDIT, subject, "model.version.status-changed");
        assertThat(audited).extracting(e -> e.get("actor").asString()).containsExactly("dana", "vera", "alex");
        assertThat(audited.get(1).get("reason").asString()).contains("validation.granted (event " + validated.id() + ")");
        assertThat(registry.events(Topics.AUDIT, subject, "model.version.transition-refused").getFirst().get("reason").asString())
                .contains("cannot go from approved to submitted");
    }

    @Test
    void anIllegalActOrOneBoundToOtherBytesIsRefusedAuditedAndChangesNothing() {
        String model = registry.registerModel("refused");
        String sha256 = upload(model);
        String subject = ModelVersion.subject(model, 1);

        publish(Topics.GOVERNANCE, governance("approval.granted", model, 1, sha256, "alex"));
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, 1, "0".repeat(64), "dana"));
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, 1, null, "dana"));
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, 9, sha256, "dana"));
        awaitRefusals(subject, "model.version.transition-refused", 3);
        awaitRefusals(ModelVersion.subject(model, 9), "model.version.transition-refused", 1);

        List<JsonNode> refusals = registry.events(Topics.AUDIT, subject, "model.version.transition-refused");
        assertThat(refusals.get(0).get("reason").asString()).contains("cannot go from dev to approved");
        assertThat(refusals.get(0).get("actor").asString()).isEqualTo("alex");
        assertThat(refusals.get(0).get("before").get("status").asString()).isEqualTo("dev");
        assertThat(refusals.get(1).get("reason").asString()).contains("bound to artifact " + "0".repeat(64));
        assertThat(refusals.get(2).get("reason").asString()).contains("names no artifactSha256");
        assertThat(registry.events(Topics.AUDIT, ModelVersion.subject(model, 9), "model.version.transition-refused")
                .getFirst().get("reason").asString()).contains("no such version");
        assertThat(registry.version(model, 1).get("status").asString()).isEqualTo("dev");
        assertThat(registry.events(Topics.REGISTRY, subject, "model.version.status-changed")).isEmpty();

        String garbage = "{not json " + UUID.randomUUID();
        send(new ProducerRecord<>(Topics.GOVERNANCE, subject, garbage));
        CloudEvent noVersion = governance("approval.submitted", model, 1, sha256, "dana");
        ((ObjectNode) noVersion.data()).remove("version");
        publish(Topics.GOVERNANCE, noVersion);
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, 1, sha256, "dana"));
        awaitStatus(model, 1, "submitted");
        assertThat(deadLetters(Topics.GOVERNANCE + ".DLT", subject)).contains(garbage, json.writeValueAsString(noVersion.toJson()));
    }

    @Test
    void aCompletedRolloutMakesTheChampionAndArchivesThePreviousOneInOneTransaction() {
        String model = registry.registerModel("rollout");
        String sha1 = upload(model);
        String sha2 = upload(model);
        approve(model, 1, sha1);
        approve(model, 2, sha2);

        CloudEvent firstRollout = deployment("rollout.completed", model, 1);
        publish(Topics.DEPLOYMENT, firstRollout);
        awaitStatus(model, 1, "production");
        assertThat(aliases(model, 1)).containsExactly("champion");

        publish(Topics.DEPLOYMENT, deployment("challenger.assigned", model, 2));
        await(() -> aliases(model, 2).contains("challenger"), "version 2 to become a challenger");

        publish(Topics.DEPLOYMENT, deployment("rollout.completed", model, 2));
        awaitStatus(model, 2, "production");
        assertThat(aliases(model, 2)).containsExactly("champion");
        assertThat(registry.version(model, 1).get("status").asString()).isEqualTo("archived");
        assertThat(aliases(model, 1)).isEmpty();
        assertThat(registry.events(Topics.REGISTRY, "model/" + model, "model.alias.moved"))
                .extracting(e -> e.get("alias").asString() + ":" + e.get("from") + "->" + e.get("to"))
                .containsExactly("champion:null->1", "challenger:null->2", "champion:1->2", "challenger:2->null");
        assertThat(registry.events(Topics.REGISTRY, ModelVersion.subject(model, 1), "model.version.status-changed"))
                .extracting(e -> e.get("to").asString()).containsExactly("submitted", "validated", "approved", "production", "archived");

        assertThatThrownBy(() -> jdbc.update("update model_version set status = 'production', champion = true "
                + "where model = ? and version = 1", model))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("model_version_one_champion");

        publish(Topics.DEPLOYMENT, firstRollout);
        publish(Topics.DEPLOYMENT, deployment("challenger.assigned", model, 1));
        awaitRefusals(ModelVersion.subject(model, 1), "model.alias.move-refused", 1);
        assertThat(registry.events(Topics.AUDIT, ModelVersion.subject(model, 1), "model.version.transition-refused"))
                .as("the redelivered rollout was skipped, not refused").isEmpty();
        assertThat(aliases(model, 2)).containsExactly("champion");
        assertThat(registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/versions?model={m}&status=production", model)
                .retrieve().body(JsonNode.class).size()).isEqualTo(1);
    }

    @Test
    void aWithdrawnApprovalArchivesTheVersionAndTakesItsChallengerAlias() {
        String model = registry.registerModel("withdrawn");
        String sha256 = upload(model);
        approve(model, 1, sha256);
        publish(Topics.DEPLOYMENT, deployment("challenger.assigned", model, 1));
        await(() -> aliases(model, 1).contains("challenger"), "version 1 to become a challenger");

        publish(Topics.GOVERNANCE, governance("approval.withdrawn", model, 1, sha256, "alex"));

        awaitStatus(model, 1, "archived");
        assertThat(aliases(model, 1)).isEmpty();
        assertThat(registry.events(Topics.REGISTRY, "model/" + model, "model.alias.moved"))
                .extracting(e -> e.get("alias").asString() + ":" + e.get("from") + "->" + e.get("to"))
                .containsExactly("challenger:null->1", "challenger:1->null");
    }

    private String upload(String model) {
        byte[] bytes = ("{\"model\": \"" + UUID.randomUUID() + "\"}").getBytes();
        RegistryClient.Answer answer = registry.upload(registry.as(DemoIdentity.DANA), model, bytes,
                VersionApiIntegrationTest.PIPELINE_METADATA);
        assertThat(answer.status()).isEqualTo(201);
        return Sha256.hex(bytes);
    }

    private void approve(String model, int version, String sha256) {
        publish(Topics.GOVERNANCE, governance("approval.submitted", model, version, sha256, "dana"));
        publish(Topics.GOVERNANCE, governance("validation.granted", model, version, sha256, "vera"));
        publish(Topics.GOVERNANCE, governance("approval.granted", model, version, sha256, "alex"));
        awaitStatus(model, version, "approved");
    }

    private CloudEvent governance(String type, String model, int version, String sha256, String actor) {
        ObjectNode data = json.createObjectNode();
        data.put("model", model);
        data.put("version", version);
        data.put("actor", actor);
        data.put("artifactSha256", sha256);
        data.put("reason", "as the report shows");
        return CloudEvent.of("/governance", type, ModelVersion.subject(model, version), Instant.now(), data);
    }

    private CloudEvent deployment(String type, String model, int version) {
        ObjectNode data = json.createObjectNode();
        data.put("model", model);
        data.put("version", version);
        return CloudEvent.of("/deployment", type, "rollout/" + UUID.randomUUID(), Instant.now(), data);
    }

    private void publish(String topic, CloudEvent event) {
        send(new ProducerRecord<>(topic, event.subject(), json.writeValueAsString(event.toJson())));
    }

    private static void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
    }

    /** The values of the records keyed {@code key} on a dead-letter topic. */
    private static List<String> deadLetters(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructureExtension.kafka().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        values.add(r.value());
                    }
                });
            }
            return values;
        }
    }

    private List<String> aliases(String model, int version) {
        return registry.version(model, version).get("aliases").valueStream().map(JsonNode::asString).toList();
    }

    private void awaitStatus(String model, int version, String status) {
        await(() -> registry.version(model, version).get("status").asString().equals(status),
                model + " version " + version + " to become " + status);
    }

    private void awaitRefusals(String subject, String action, int count) {
        await(() -> registry.events(Topics.AUDIT, subject, action).size() >= count, count + " " + action + " for " + subject);
        assertThat(registry.events(Topics.AUDIT, subject, action)).hasSize(count);
    }
}
