package org.steward.local;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.client.RestClient;
import org.steward.commons.outbox.OutboxRelay;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default started from nothing, with the five services talking through the real Kafka broker: a
 * state change in the registry reaches the governance chain exactly once, through a stopped publisher, a
 * stopped consumer and a re-sent event; the command line sees all services; a second start on the same data
 * directory keeps the trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformTest {

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();
    static final JsonMapper json = JsonMapper.builder().build();

    @Test
    @Order(1)
    void startsAllFiveServicesHealthyAndTheCommandLineReportsThem() {
        var result = platform.cli("status", "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode status = json.readTree(result.out());
        assertThat(status.get("allUp").asBoolean()).isTrue();
        assertThat(status.get("services")).hasSize(5);
        status.get("services").forEach(service -> assertThat(service.get("status").asString()).isEqualTo("UP"));

        for (StewardService service : StewardService.values()) {
            RestClient anonymous = RestClient.create(platform.get().url(service));
            assertThat(anonymous.get().uri("/v3/api-docs").retrieve().body(String.class))
                    .as(service + " OpenAPI").contains("\"openapi\"");
            assertThat(anonymous.get().uri("/actuator/prometheus").retrieve().body(String.class))
                    .as(service + " metrics").contains("steward_outbox_pending").contains("service=\"" + service.shortName() + "\"");
            var unauthenticated = anonymous.get().uri("/api/v1/anything")
                    .exchange((req, res) -> res.getStatusCode().value() + " " + res.getHeaders().getContentType());
            assertThat(unauthenticated).as(service + " without a token").isEqualTo("401 application/problem+json");
        }
    }

    @Test
    @Order(2)
    void aRegistryChangeAppearsExactlyOnceInTheChainAcrossPublisherAndConsumerRestarts() {
        String first = "scorecard-" + UUID.randomUUID().toString().substring(0, 8);
        register(first);
        awaitChain("model/" + first, 1);

        OutboxRelay relay = platform.get().context(StewardService.MODEL_REGISTRY).getBean(OutboxRelay.class);
        relay.stop();
        String second = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        register(second);
        sleep(Duration.ofSeconds(1));
        assertThat(chainCount("model/" + second)).as("nothing is published while the relay is stopped").isZero();
        relay.start();
        awaitChain("model/" + second, 1);

        var listener = platform.get().context(StewardService.GOVERNANCE).getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("audit-chain");
        listener.stop();
        String third = "aml-" + UUID.randomUUID().toString().substring(0, 8);
        register(third);
        sleep(Duration.ofSeconds(1));
        assertThat(chainCount("model/" + third)).as("nothing is appended while the consumer is stopped").isZero();
        listener.start();
        awaitChain("model/" + third, 1);

        // A crash after Kafka acknowledged the send but before the outbox row was marked: the event goes again.
        JdbcTemplate registryDb = platform.get().context(StewardService.MODEL_REGISTRY).getBean(JdbcTemplate.class);
        assertThat(registryDb.update("update steward_outbox set published_at = null where event_key = ?", "model/" + first))
                .isEqualTo(2);
        relay.wakeUp();
        await(() -> registryDb.queryForObject("select count(*) from steward_outbox where published_at is null", Long.class) == 0,
                "the relay to re-send the event");
        sleep(Duration.ofSeconds(1));
        for (String model : new String[]{first, second, third}) {
            assertThat(chainCount("model/" + model)).as(model).isEqualTo(1);
        }
        var verify = platform.cli("audit", "verify", "--json", "--as", "audrey");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(json.readTree(verify.out()).get("intact").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void theAuthorIsTheAuthenticatedIdentityAndBadInputIsAProblemDetail() {
        String name = "propensity-" + UUID.randomUUID().toString().substring(0, 8);
        register(name);
        JsonNode model = platform.as(DemoIdentity.AUDREY, StewardService.MODEL_REGISTRY).get().uri("/api/v1/models/{n}", name)
                .retrieve().body(JsonNode.class);
        assertThat(model.get("createdBy").asString()).isEqualTo("dana");

        var invalid = platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY).post().uri("/api/v1/models")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Bad Name!", "useCase", "lending", "riskTier", 7))
                .exchange((req, res) -> Map.of("status", res.getStatusCode().value(),
                        "type", String.valueOf(res.getHeaders().getContentType()), "body", new String(res.getBody().readAllBytes())));
        assertThat(invalid.get("status")).isEqualTo(400);
        assertThat(invalid.get("type")).isEqualTo("application/problem+json");
        assertThat((String) invalid.get("body")).contains("useCase must be one of");

        var duplicate = platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY).post().uri("/api/v1/models")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "useCase", "propensity", "riskTier", 3, "owner", "dana"))
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(duplicate).isEqualTo(409);

        var auditorMayNotRegister = platform.as(DemoIdentity.AUDREY, StewardService.MODEL_REGISTRY).post().uri("/api/v1/models")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("name", "x-" + name, "useCase", "propensity", "riskTier", 3, "owner", "audrey"))
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(auditorMayNotRegister).isEqualTo(403);
    }

    @Test
    @Order(4)
    void aSecondStartReusesTheDataDirectoryAndTheTrailStillVerifies() throws Exception {
        long before = json.readTree(platform.cli("audit", "verify", "--json", "--as", "audrey").out()).get("count").asLong();
        assertThat(before).isPositive();
        platform.restart();
        var verify = platform.cli("audit", "verify", "--json", "--as", "audrey");
        assertThat(verify.exit()).as(verify.err()).isZero();
        JsonNode verdict = json.readTree(verify.out());
        assertThat(verdict.get("intact").asBoolean()).isTrue();
        assertThat(verdict.get("count").asLong()).isGreaterThanOrEqualTo(before);
    }

    private void register(String name) {
        platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY).post().uri("/api/v1/models")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "useCase", "credit", "riskTier", 1, "owner", "dana",
                        "description", "test model"))
                .retrieve().toBodilessEntity();
    }

    private long chainCount(String subject) {
        return platform.get().context(StewardService.GOVERNANCE).getBean(JdbcTemplate.class)
                .queryForObject("select count(*) from audit_chain where subject = ?", Long.class, subject);
    }

    private void awaitChain(String subject, long count) {
        await(() -> chainCount(subject) >= count, subject + " in the audit chain");
        assertThat(chainCount(subject)).isEqualTo(count);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
