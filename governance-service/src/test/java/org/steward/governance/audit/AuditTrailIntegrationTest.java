package org.steward.governance.audit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.client.RestClient;
import org.steward.commons.audit.chain.AuditExportVerifier;
import org.steward.commons.audit.chain.ChainVerification;
import org.steward.commons.audit.chain.Ed25519Keys;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.governance.GovernanceApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit chain against a real PostgreSQL and a real Kafka broker: events published on the audit topic are
 * appended once, the chain verifies, and every kind of tampering an administrator could do with the triggers
 * switched off is found and located.
 */
@RealInfrastructure
@SpringBootTest(classes = GovernanceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=governance", "steward.service.schema=governance_audit_it",
                "steward.audit.signing-key-path=target/audit-it-signing-key.pem"})
class AuditTrailIntegrationTest {

    private static KafkaProducer<String, String> producer;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

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

    @Test
    void appendsEachEventOnceEvenWhenRedeliveredAndAfterAConsumerRestart() {
        String subject = "model/" + UUID.randomUUID();
        CloudEvent first = auditEvent(subject, "model.registered");
        publish(first);
        publish(first);
        awaitChainContains(subject, 1);

        listeners.getListenerContainer(AuditChainConsumer.LISTENER_ID).stop();
        CloudEvent second = auditEvent(subject, "model.version.registered");
        publish(second);
        publish(first);
        listeners.getListenerContainer(AuditChainConsumer.LISTENER_ID).start();
        awaitChainContains(subject, 2);
        sleep(Duration.ofSeconds(1));

        JsonNode page = as(DemoIdentity.AUDREY).get().uri("/api/v1/audit/events?subject={s}", subject)
                .retrieve().body(JsonNode.class);
        assertThat(page.get("totalEvents").asLong()).isEqualTo(2);
        assertThat(page.get("events").get(0).get("eventId").asString()).isEqualTo(first.id());
        assertThat(page.get("events").get(1).get("action").asString()).isEqualTo("model.version.registered");
        assertThat(page.get("events").get(0).get("actor").asString()).isEqualTo("dana");
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicWithoutBlockingTheTrail() {
        String subject = "model/" + UUID.randomUUID();
        send(new ProducerRecord<>(Topics.AUDIT, subject, "{not json"));
        publish(auditEvent(subject, "model.registered"));
        awaitChainContains(subject, 1);
    }

    @Test
    void everyKindOfTamperingIsDetectedAndLocated() {
        String subject = "model/" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            publish(auditEvent(subject, "model.changed." + i));
        }
        awaitChainContains(subject, 5);
        List<Long> seq = jdbc.queryForList("select sequence from audit_chain where subject = ? order by sequence", Long.class, subject);
        long target = seq.get(2);

        tampered("update audit_chain set event = replace(event, 'model.changed.2', 'model.changed.X') where sequence = " + target,
                "update audit_chain set event = replace(event, 'model.changed.X', 'model.changed.2') where sequence = " + target,
                target, "CONTENT_ALTERED");

        String row = "(select sequence, event_id, event_time, source, subject, actor, action, event, prev_hash, hash, recorded_at from audit_chain where sequence = " + target + ")";
        jdbc.execute("create temporary table deleted_link as " + row.substring(1, row.length() - 1));
        tampered("delete from audit_chain where sequence = " + target,
                "insert into audit_chain select * from deleted_link", target + 1, "SEQUENCE_GAP");
        jdbc.execute("drop table deleted_link");

        tampered("update audit_chain set sequence = sequence + 1000000 where sequence >= " + target + ";"
                        + "insert into audit_chain select " + target + ", 'forged-" + UUID.randomUUID() + "', now(), '/forger', '" + subject + "', 'mallory', 'forged', '{}', prev_hash, md5(random()::text) || md5(random()::text), now() from audit_chain where sequence = " + (target + 1000000) + ";"
                        + "update audit_chain set sequence = sequence - 999999 where sequence >= " + (target + 1000000),
                "delete from audit_chain where sequence = " + target + ";"
                        + "update audit_chain set sequence = sequence + 1000000 where sequence > " + target + ";"
                        + "update audit_chain set sequence = sequence - 1000001 where sequence > 1000000",
                target, "CONTENT_ALTERED");

        long a = seq.get(1);
        long b = seq.get(2);
        String swap = "update audit_chain set sequence = -1 where sequence = " + a + ";"
                + "update audit_chain set sequence = " + a + " where sequence = " + b + ";"
                + "update audit_chain set sequence = " + b + " where sequence = -1";
        tampered(swap, swap, a, "LINK_BROKEN");
    }

    @Test
    void theDatabaseRefusesUpdateDeleteAndTruncateOnTheChain() {
        String subject = "model/" + UUID.randomUUID();
        publish(auditEvent(subject, "model.registered"));
        awaitChainContains(subject, 1);
        assertThatThrownBy(() -> jdbc.update("update audit_chain set actor = 'mallory' where subject = ?", subject))
                .hasRootCauseInstanceOf(SQLException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_chain where subject = ?", subject))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_chain"))
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void aCheckpointVerifiesWithThePublicKeyAloneAndExposesTruncation() throws Exception {
        String subject = "model/" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            publish(auditEvent(subject, "model.step." + i));
        }
        awaitChainContains(subject, 3);
        JsonNode checkpoint = as(DemoIdentity.AUDREY).post().uri("/api/v1/audit/checkpoints").retrieve().body(JsonNode.class);
        long signedAt = checkpoint.get("sequence").asLong();
        String pem = as(DemoIdentity.AUDREY).get().uri("/api/v1/audit/public-key").retrieve().body(String.class);
        byte[] export = as(DemoIdentity.AUDREY).get().uri("/api/v1/audit/export").retrieve().body(byte[].class);

        var offline = AuditExportVerifier.verify(new ByteArrayInputStream(export), Ed25519Keys.readPublicKeyPem(pem));
        assertThat(offline.chain()).isInstanceOf(ChainVerification.Intact.class);
        assertThat(offline.checkpointsVerified()).isGreaterThanOrEqualTo(1);
        var otherKey = Ed25519Keys.generate().getPublic();
        assertThat(AuditExportVerifier.verify(new ByteArrayInputStream(export), otherKey).chain().intact()).isFalse();

        withTriggersDisabled(() -> {
            jdbc.execute("create temporary table truncated as select * from audit_chain where sequence >= " + signedAt);
            jdbc.execute("delete from audit_chain where sequence >= " + signedAt);
        });
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("intact").asBoolean()).isFalse();
            assertThat(verdict.get("broken").get("problem").asString()).isEqualTo("TRUNCATED");
        } finally {
            withTriggersDisabled(() -> jdbc.execute("insert into audit_chain select * from truncated; drop table truncated"));
        }
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void refusesRequestsWithoutATokenOrWithTheWrongRoleAsProblemDetails() {
        var anonymous = RestClient.create("http://localhost:" + port).get().uri("/api/v1/audit/verify")
                .exchange((req, res) -> List.of(res.getStatusCode().value(), res.getHeaders().getContentType().toString(),
                        new String(res.getBody().readAllBytes())));
        assertThat(anonymous.get(0)).isEqualTo(401);
        assertThat(anonymous.get(1)).isEqualTo("application/problem+json");
        assertThat((String) anonymous.get(2)).contains("\"status\":401").contains("bearer token");

        var scientist = as(DemoIdentity.DANA).get().uri("/api/v1/audit/verify")
                .exchange((req, res) -> List.of(res.getStatusCode().value(), res.getHeaders().getContentType().toString(),
                        new String(res.getBody().readAllBytes())));
        assertThat(scientist.get(0)).isEqualTo(403);
        assertThat(scientist.get(1)).isEqualTo("application/problem+json");
        assertThat((String) scientist.get(2)).contains("\"status\":403");

        var badParameter = as(DemoIdentity.AUDREY).get().uri("/api/v1/audit/events?from=yesterday")
                .exchange((req, res) -> List.of(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
        assertThat(badParameter.get(0)).isEqualTo(400);
        assertThat((String) badParameter.get(1)).contains("from").contains("ISO-8601");
    }

    @Test
    void servesHealthMetricsAndTheApiDescriptionWithoutAToken() {
        RestClient open = RestClient.create("http://localhost:" + port);
        assertThat(open.get().uri("/actuator/health").retrieve().body(String.class)).contains("UP");
        assertThat(open.get().uri("/actuator/prometheus").retrieve().body(String.class)).contains("steward_audit_appended_total");
        assertThat(open.get().uri("/v3/api-docs").retrieve().body(String.class)).contains("/api/v1/audit/verify");
    }

    private void tampered(String tamper, String restore, long expectedSequence, String expectedProblem) {
        withTriggersDisabled(() -> jdbc.execute(tamper));
        try {
            JsonNode verdict = verify();
            assertThat(verdict.get("intact").asBoolean()).as("after: " + tamper).isFalse();
            assertThat(verdict.get("broken").get("problem").asString()).as("after: " + tamper).isEqualTo(expectedProblem);
            assertThat(verdict.get("broken").get("sequence").asLong()).as("after: " + tamper).isEqualTo(expectedSequence);
        } finally {
            withTriggersDisabled(() -> jdbc.execute(restore));
        }
        assertThat(verify().get("intact").asBoolean()).as("restored after: " + tamper).isTrue();
    }

    private void withTriggersDisabled(Runnable change) {
        jdbc.execute("alter table audit_chain disable trigger audit_chain_append_only");
        try {
            change.run();
        } finally {
            jdbc.execute("alter table audit_chain enable trigger audit_chain_append_only");
        }
    }

    private JsonNode verify() {
        return as(DemoIdentity.AUDREY).get().uri("/api/v1/audit/verify").retrieve().body(JsonNode.class);
    }

    private RestClient as(DemoIdentity identity) {
        String token = RealInfrastructureExtension.issuer().issuer().issue(identity);
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();
    }

    private CloudEvent auditEvent(String subject, String action) {
        ObjectNode data = json.createObjectNode();
        data.put("actor", "dana");
        data.put("action", action);
        data.put("subject", subject);
        data.putNull("before");
        data.set("after", json.createObjectNode().put("step", action));
        data.putNull("reason");
        return CloudEvent.of("/model-registry", action, subject, Instant.now(), data);
    }

    private void publish(CloudEvent event) {
        send(new ProducerRecord<>(Topics.AUDIT, event.subject(), json.writeValueAsString(event.toJson())));
    }

    private static void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
    }

    private void awaitChainContains(String subject, int count) {
        await(() -> jdbc.queryForObject("select count(*) from audit_chain where subject = ?", Long.class, subject) >= count,
                "the chain to hold " + count + " events for " + subject);
        assertThat(jdbc.queryForObject("select count(*) from audit_chain where subject = ?", Long.class, subject)).isEqualTo(count);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
