package org.steward.commons.audit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.security.RolesClaimConverter;
import org.steward.commons.testapp.CommonsIntegrationTest;
import org.steward.commons.testapp.TopicReader;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Audit events name the authenticated actor, carry the change and its reason, and reach the audit topic. */
@CommonsIntegrationTest
class AuditLogIntegrationTest {

    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JwtDecoder jwtDecoder;
    @Autowired
    JsonMapper json;

    record Stage(String stage, int version) {
    }

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void recordsTheAuthenticatedCallerWithTheChangeAndItsReason() {
        authenticateAs(DemoIdentity.VERA);
        String subject = "model/" + UUID.randomUUID();

        CloudEvent recorded = transactions.execute(tx -> audit.record("model.stage.changed", subject,
                new Stage("staging", 3), Map.of("stage", "production", "version", 3), "validation report 42 passed"));

        JsonNode published = awaitAuditEvent(subject);
        assertThat(CloudEvent.fromJson(published)).isEqualTo(recorded);
        assertThat(published.get("source").asString()).isEqualTo("/commons-test");
        assertThat(published.get("type").asString()).isEqualTo("model.stage.changed");
        JsonNode data = published.get("data");
        assertThat(data.get("actor").asString()).isEqualTo("vera");
        assertThat(data.get("action").asString()).isEqualTo("model.stage.changed");
        assertThat(data.get("subject").asString()).isEqualTo(subject);
        assertThat(data.get("before")).isEqualTo(json.readTree("{\"stage\":\"staging\",\"version\":3}"));
        assertThat(data.get("after")).isEqualTo(json.readTree("{\"stage\":\"production\",\"version\":3}"));
        assertThat(data.get("reason").asString()).isEqualTo("validation report 42 passed");
    }

    @Test
    void namesTheServiceWhenNoOneIsAuthenticated() {
        String subject = "model/" + UUID.randomUUID();

        transactions.executeWithoutResult(tx -> audit.record("model.archived", subject, Map.of("stage", "retired"), null,
                "retention period over"));

        JsonNode data = awaitAuditEvent(subject).get("data");
        assertThat(data.get("actor").asString()).isEqualTo("system:commons-test");
        assertThat(data.get("before").get("stage").asString()).isEqualTo("retired");
        assertThat(data.get("after").isNull()).as("a deletion has no after").isTrue();
    }

    @Test
    void refusesToRecordOutsideATransaction() {
        authenticateAs(DemoIdentity.ADA);

        assertThatIllegalStateException().isThrownBy(() -> audit.record("model.deleted", "model/x", null, null, "no"));
    }

    private void authenticateAs(DemoIdentity identity) {
        var jwt = jwtDecoder.decode(RealInfrastructureExtension.issuer().issuer().issue(identity));
        JwtAuthenticationToken authentication = (JwtAuthenticationToken) new RolesClaimConverter("roles").convert(jwt);
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }

    private JsonNode awaitAuditEvent(String subject) {
        try (TopicReader reader = TopicReader.fromBeginning(Topics.AUDIT)) {
            List<ConsumerRecord<String, String>> records = reader.await(r -> subject.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(records).as("published once").hasSize(1);
            return json.readTree(records.getFirst().value());
        }
    }
}
