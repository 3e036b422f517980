package org.steward.registry.reproduction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.commons.event.Topics;
import org.steward.commons.instance.ServiceInstance;
import org.steward.registry.RegistryClient;
import org.steward.registry.RegistryClient.Answer;
import org.steward.registry.RegistryIntegrationTest;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproductions over REST against a real PostgreSQL and Kafka, without a feature store: refusals as problem details
 * (unknown version, nothing to rerun, wrong role, one under way), and a queued run that cannot reach the store ending
 * FAILED with its reason, each step audited and published. Identical and differing verdicts are proven end to end in
 * steward-local's TrainingEndToEndTest, where a feature store runs.
 */
@RegistryIntegrationTest
class ReproductionApiIntegrationTest {

    static final String PIPELINE_METADATA = """
            {"format": "scorecard_json",
             "inputSignature": {"fields": [{"name": "age", "type": "number"}]},
             "metrics": {"auc": 0.78}, "params": {"bins": 5},
             "lineage": {"trainingSet": {"id": "ts-german-credit-1", "sha256": "%s"},
                         "code": {"gitCommit": "0123456789abcdef0123456789abcdef01234567", "dirty": false},
                         "pipelineSpec": %s}}
            """.formatted("c".repeat(64), exampleSpec());
    static final String NOTEBOOK_METADATA = """
            {"format": "onnx", "inputSignature": {"fields": [{"name": "age", "type": "number"}]},
             "metrics": {"auc": 0.81}, "params": {}, "lineage": {"trainingSet": {"id": "ts-german-credit-1"}}}
            """;

    /** The German credit scorecard's spec, as the pipeline records it: JSON text. */
    private static String exampleSpec() {
        try {
            return JsonMapper.builder().build().writeValueAsString(
                    Files.readString(Path.of("../examples/german-credit/scorecard.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ServiceInstance instance;
    @Autowired
    ReproductionService reproductions;
    @Autowired
    ReproductionRepository reproductionRows;
    RegistryClient registry;

    @BeforeEach
    void client() {
        registry = new RegistryClient(port, jdbc, json);
    }

    private String modelWith(String metadata) {
        String model = registry.registerModel("reproduce");
        byte[] artifact = ("{\"scorecard\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(registry.upload(registry.as(DemoIdentity.DANA), model, artifact, metadata).status()).isEqualTo(201);
        return model;
    }

    private Answer request(DemoIdentity who, String model, int version) {
        return registry.exchange(registry.as(who).post().uri("/api/v1/models/{m}/versions/{v}/reproductions", model, version)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("rebuildFromSources", false)));
    }

    private JsonNode await(String model, String id) {
        JsonNode[] last = new JsonNode[1];
        RegistryClient.await(() -> {
            last[0] = registry.as(DemoIdentity.AUDREY).get()
                    .uri("/api/v1/models/{m}/versions/1/reproductions/{id}", model, id).retrieve().body(JsonNode.class);
            String status = last[0].get("status").asString();
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        }, "reproduction " + id + " to finish");
        return last[0];
    }

    @Test
    void aValidatorsRequestIsAcceptedAndARunThatCannotReachTheFeatureStoreFailsWithItsReason() {
        String model = modelWith(PIPELINE_METADATA);

        Answer accepted = registry.exchange(registry.as(DemoIdentity.VERA).post()
                .uri("/api/v1/models/{m}/versions/1/reproductions", model));

        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
        JsonNode queued = accepted.body();
        String id = queued.get("id").asString();
        assertThat(queued.get("status").asString()).isEqualTo("QUEUED");
        assertThat(queued.get("requestedBy").asString()).isEqualTo("vera");
        assertThat(queued.get("rebuildFromSources").asBoolean()).as("the CLI's default").isTrue();
        assertThat(queued.get("requestedAt").asString()).isNotBlank();

        JsonNode failed = await(model, id);

        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("verdict").isNull()).isTrue();
        assertThat(failed.get("failure").asString()).contains("could not read training set ts-german-credit-1")
                .contains("the feature store did not answer (connection refused)");
        String subject = "model/" + model + "/versions/1";
        RegistryClient.await(() -> registry.events(Topics.AUDIT, subject, ReproductionService.FINISHED).size() == 1,
                "the audited end");
        assertThat(registry.events(Topics.AUDIT, subject, ReproductionService.REQUESTED)).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("vera"));
        assertThat(registry.events(Topics.AUDIT, subject, ReproductionService.FINISHED)).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("vera");
            assertThat(e.get("before").get("status").asString()).isEqualTo("RUNNING");
            assertThat(e.get("after").get("status").asString()).isEqualTo("FAILED");
            assertThat(e.get("reason").asString()).isEqualTo(failed.get("failure").asString());
        });
        assertThat(registry.events(Topics.REGISTRY, subject, ReproductionService.REQUESTED)).singleElement()
                .satisfies(e -> assertThat(e.get("reproductionId").asString()).isEqualTo(id));
        assertThat(registry.events(Topics.REGISTRY, subject, ReproductionService.FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.get("status").asString()).isEqualTo("FAILED"));
        assertThat(registry.version(model, 1).get("reproducibilityEvidence").toString())
                .as("a run without a verdict is no evidence either way").doesNotContain("\"reproduced\"");

        Answer again = request(DemoIdentity.ELI, model, 1);
        assertThat(again.status()).as("a finished reproduction does not block the next").isEqualTo(202);
        await(model, again.body().get("id").asString());
        JsonNode list = registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions/1/reproductions", model)
                .retrieve().body(JsonNode.class);
        assertThat(list.valueStream().map(r -> r.get("id").asString()))
                .as("newest first").containsExactly(again.body().get("id").asString(), id);
    }

    @Test
    void aSecondRequestWhileOneIsUnderWayPointsToIt() {
        String model = modelWith(PIPELINE_METADATA);
        UUID running = running(model, instance.id());

        Answer refused = request(DemoIdentity.DANA, model, 1);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("title").asString()).isEqualTo("Reproduction already under way");
        assertThat(refused.body().get("reproduction").asString())
                .isEqualTo("/api/v1/models/" + model + "/versions/1/reproductions/" + running);
        assertThat(refused.body().get("reproductionStatus").asString()).isEqualTo("RUNNING");
        assertThat(refused.body().get("detail").asString()).contains("requested by vera");
        assertThat(registry.events(Topics.AUDIT, "model/" + model + "/versions/1", ReproductionService.REQUESTED)).isEmpty();
    }

    @Test
    void aReproductionWhoseInstanceIsGoneIsFailedOnceAuditedAndCanBeRequestedAgain() {
        String orphaned = modelWith(PIPELINE_METADATA);
        String elsewhere = modelWith(PIPELINE_METADATA);
        UUID gone = running(orphaned, "registry-1:4242:0badf00d");
        jdbc.update("insert into steward_service_instance (id, started_at, beat_at, expires_at) "
                + "values (?, clock_timestamp(), clock_timestamp(), clock_timestamp() + interval '1 hour')", "registry-2:4243:a11ve000");
        UUID alive = running(elsewhere, "registry-2:4243:a11ve000");

        reproductions.failAbandoned(instance);
        reproductions.failAbandoned(instance);

        JsonNode failed = await(orphaned, gone.toString());
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asString())
                .isEqualTo("the registry instance running it stopped while the reproduction was running; request it again");
        assertThat(registry.events(Topics.AUDIT, "model/" + orphaned + "/versions/1", ReproductionService.FINISHED))
                .as("one end, however many instances sweep").hasSize(1);
        assertThat(registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions/1/reproductions/{id}", elsewhere, alive)
                .retrieve().body(JsonNode.class).get("status").asString()).as("a live instance's").isEqualTo("RUNNING");
        assertThat(request(DemoIdentity.VERA, orphaned, 1).status()).as("asked again").isEqualTo(202);
    }

    @Test
    void aQueuedReproductionFailedAsAbandonedBeforeItStartsIsNotRun() {
        String model = modelWith(PIPELINE_METADATA);
        UUID id = UUID.randomUUID();
        jdbc.update("insert into version_reproduction (id, model, version, status, rebuild_from_sources, requested_by, "
                        + "requested_at, recorded_artifact_sha256, runner) values (?, ?, 1, 'QUEUED', false, 'vera', ?, ?, ?)",
                id, model, Timestamp.from(Instant.now()), registry.version(model, 1).get("artifactSha256").asString(),
                "registry-1:4242:0badf00d");
        VersionReproduction queued = reproductionRows.find(model, 1, id).orElseThrow();
        reproductions.failAbandoned(instance); // as the pool picks it up

        reproductions.run(queued, new Requester("vera", "token", Instant.now().plusSeconds(60)));

        VersionReproduction after = reproductionRows.find(model, 1, id).orElseThrow();
        assertThat(after.status()).isEqualTo(ReproductionStatus.FAILED);
        assertThat(after.startedAt()).as("never started").isNull();
        assertThat(registry.events(Topics.AUDIT, "model/" + model + "/versions/1", ReproductionService.FINISHED)).hasSize(1);
    }

    /** A reproduction of version 1 of {@code model} that {@code runner} is running. */
    private UUID running(String model, String runner) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into version_reproduction (id, model, version, status, rebuild_from_sources, requested_by, "
                        + "requested_at, started_at, recorded_artifact_sha256, runner) values (?, ?, 1, 'RUNNING', true, 'vera', ?, ?, ?, ?)",
                id, model, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()),
                registry.version(model, 1).get("artifactSha256").asString(), runner);
        return id;
    }

    @Test
    void aVersionRegisteredOutsideThePipelineIsRefusedUpFront() {
        String model = modelWith(NOTEBOOK_METADATA);

        Answer refused = request(DemoIdentity.VERA, model, 1);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("title").asString()).isEqualTo("Version cannot be reproduced");
        assertThat(refused.body().get("detail").asString()).contains("training-set snapshot's hash")
                .contains("pipeline spec").contains("registered outside the training pipeline");
        assertThat(registry.as(DemoIdentity.VERA).get().uri("/api/v1/models/{m}/versions/1/reproductions", model)
                .retrieve().body(JsonNode.class)).as("nothing queued").isEmpty();
    }

    @Test
    void unknownVersionsAndReproductionsAreNotFound() {
        String model = modelWith(PIPELINE_METADATA);

        Answer noVersion = request(DemoIdentity.VERA, model, 7);
        Answer noReproduction = registry.exchange(registry.as(DemoIdentity.AUDREY).get()
                .uri("/api/v1/models/{m}/versions/1/reproductions/{id}", model, UUID.randomUUID()));

        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.contentType()).isEqualTo("application/problem+json");
        assertThat(noVersion.body().get("detail").asString()).contains("has no version 7");
        assertThat(noReproduction.status()).isEqualTo(404);
        assertThat(noReproduction.body().get("title").asString()).isEqualTo("Reproduction not found");
    }

    @Test
    void anAuditorOrOperationsMayReadButNotRequest() {
        String model = modelWith(PIPELINE_METADATA);

        for (DemoIdentity who : new DemoIdentity[] {DemoIdentity.AUDREY, DemoIdentity.OMAR}) {
            Answer refused = request(who, model, 1);
            assertThat(refused.status()).as(who.name()).isEqualTo(403);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
        }
        assertThat(registry.exchange(registry.anonymous().post()
                .uri("/api/v1/models/{m}/versions/1/reproductions", model)).status()).isEqualTo(401);
        assertThat(registry.exchange(registry.as(DemoIdentity.AUDREY).get()
                .uri("/api/v1/models/{m}/versions/1/reproductions", model)).status()).isEqualTo(200);
    }
}
