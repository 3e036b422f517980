package org.steward.registry.version;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.commons.event.Topics;
import org.steward.commons.json.Sha256;
import org.steward.registry.RegistryClient;
import org.steward.registry.RegistryClient.Answer;
import org.steward.registry.RegistryIntegrationTest;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Versions through the API against a real PostgreSQL: multipart and JSON registration, the verified artifact,
 * reproducibility evidence, search, comparison, the registry's one transition, refusals as problem details, and a
 * tampered artifact refused on read.
 */
@RegistryIntegrationTest
class VersionApiIntegrationTest {

    static final String PIPELINE_METADATA = """
            {"format": "scorecard_json", "description": "IRLS scorecard",
             "inputSignature": {"featureService": "credit_scoring@1",
                                "requestFeatures": [{"name": "requested_amount", "type": "number"}],
                                "fields": [{"name": "age", "type": "number"}, {"name": "checking_account", "type": "string"}]},
             "metrics": {"auc": 0.78, "gini": 0.56, "ks": 0.41},
             "params": {"bins": 5, "maxIterations": 25},
             "lineage": {
               "trainingSet": {"id": "ts-german-credit-1", "sha256": "%s"},
               "featureViews": ["customer_profile@2", "loan_application@1"],
               "label": {"definition": "bad credit risk", "source": "german_credit.csv column class"},
               "windows": {"train": {"from": "2019-01-01", "to": "2021-12-31"},
                           "validation": {"from": "2022-01-01", "to": "2022-06-30"},
                           "outOfTime": {"from": "2022-07-01", "to": "2022-12-31"}},
               "code": {"gitCommit": "0123456789abcdef0123456789abcdef01234567", "dirty": false},
               "environment": {"java": "21.0.5", "steward-training": "0.1.0"},
               "seeds": {"split": 42, "estimator": 7},
               "pipelineSpec": "featureService: credit_scoring@1\\nestimator: {type: scorecard}\\n"}}
            """.formatted("c".repeat(64));

    static final String NOTEBOOK_METADATA = """
            {"format": "ONNX",
             "inputSignature": {"fields": [{"name": "age", "type": "NUMBER"}, {"name": "duration", "type": "number"}]},
             "metrics": {"auc": 0.81, "gini": 0.62},
             "params": {"bins": 10, "library": "scikit-learn"},
             "lineage": {"trainingSet": {"id": "ts-german-credit-1"}, "code": {"gitCommit": "abcdef1", "dirty": true}}}
            """;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    RegistryClient registry;

    @BeforeEach
    void client() {
        registry = new RegistryClient(port, jdbc, json);
    }

    static byte[] artifact() {
        return ("{\"scorecard\": \"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void registersVersionsByMultipartAndServesTheVerifiedArtifact() {
        String model = registry.registerModel("credit");
        byte[] bytes = artifact();

        Answer first = registry.upload(registry.as(DemoIdentity.DANA), model, bytes, PIPELINE_METADATA);
        Answer second = registry.upload(registry.as(DemoIdentity.ELI), model, artifact(), NOTEBOOK_METADATA);

        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(201);
        JsonNode v1 = first.body();
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("status").asString()).isEqualTo("dev");
        assertThat(v1.get("format").asString()).isEqualTo("scorecard_json");
        assertThat(v1.get("artifactSha256").asString()).isEqualTo(Sha256.hex(bytes));
        assertThat(v1.get("artifactSize").asLong()).isEqualTo(bytes.length);
        assertThat(v1.get("createdBy").asString()).isEqualTo("dana");
        assertThat(v1.get("lineageSha256").asString()).hasSize(64);
        assertThat(v1.get("inputSignature").get("featureService").asString()).isEqualTo("credit_scoring@1");
        assertThat(v1.get("lineage").get("seeds").get("split").asInt()).isEqualTo(42);
        assertThat(v1.get("reproducibilityEvidence").get("complete").asBoolean()).isTrue();
        assertThat(second.body().get("version").asInt()).isEqualTo(2);
        assertThat(second.body().get("format").asString()).isEqualTo("onnx");

        assertThat(registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions", model).retrieve()
                .body(JsonNode.class).valueStream().map(v -> v.get("version").asInt())).containsExactly(1, 2);
        var download = registry.as(DemoIdentity.OMAR).get().uri("/api/v1/models/{m}/versions/1/artifact", model)
                .retrieve().toEntity(byte[].class);
        assertThat(download.getBody()).isEqualTo(bytes);
        assertThat(download.getHeaders().getFirst("X-Artifact-SHA256")).isEqualTo(Sha256.hex(bytes));
        assertThat(download.getHeaders().getContentDisposition().getFilename()).isEqualTo(model + "-1.json");

        String subject = "model/" + model + "/versions/1";
        assertThat(registry.events(Topics.REGISTRY, subject, "model.version.registered")).singleElement()
                .satisfies(e -> assertThat(e.get("artifactSha256").asString()).isEqualTo(Sha256.hex(bytes)));
        assertThat(registry.events(Topics.AUDIT, subject, "model.version.registered")).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actor").asString()).isEqualTo("dana");
                    assertThat(e.get("after").get("lineage").get("trainingSet").get("id").asString()).isEqualTo("ts-german-credit-1");
                });
    }

    @Test
    void saysWhichEvidenceOfReproducibilityANotebookVersionLacks() {
        String model = registry.registerModel("notebook");
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), NOTEBOOK_METADATA);

        JsonNode evidence = registry.version(model, 1).get("reproducibilityEvidence");

        assertThat(evidence.get("complete").asBoolean()).isFalse();
        assertThat(evidence.get("present").valueStream().map(i -> i.get("evidence").asString())).isEmpty();
        Map<String, String> missing = new LinkedHashMap<>();
        evidence.get("missing").forEach(i -> missing.put(i.get("evidence").asString(), i.get("detail").asString()));
        assertThat(missing).containsOnlyKeys("training-set", "feature-views", "label", "time-windows", "code-version",
                "environment", "seeds", "pipeline-spec");
        assertThat(missing.get("training-set")).contains("ts-german-credit-1 has no hash");
        assertThat(missing.get("code-version")).contains("uncommitted changes (dirty)");
        assertThat(missing.get("environment")).contains("dependency versions");
        assertThat(missing.get("seeds")).contains("cannot be replayed");
    }

    @Test
    void registersFromJsonWithBase64AndRefusesWhatCannotBeRegistered() {
        String model = registry.registerModel("json");
        byte[] bytes = artifact();
        JsonNode metadata = json.readTree(PIPELINE_METADATA);
        var dana = registry.as(DemoIdentity.DANA);

        Answer json = registry.exchange(dana.post().uri("/api/v1/models/{m}/versions", model).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("metadata", metadata, "artifactBase64", Base64.getEncoder().encodeToString(bytes))));
        assertThat(json.status()).isEqualTo(201);
        assertThat(json.body().get("artifactSha256").asString()).isEqualTo(Sha256.hex(bytes));

        Answer unknownMember = registry.upload(dana, model, artifact(),
                PIPELINE_METADATA.replace("\"sha256\": \"c", "\"hash\": \"c"));
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(unknownMember.contentType()).isEqualTo("application/problem+json");
        assertThat(unknownMember.body().get("detail").asString()).contains("hash").contains("lineage.trainingSet");

        Answer invalid = registry.upload(dana, model, artifact(), """
                {"format": "pickle", "inputSignature": {"fields": []}, "lineage": {"featureViews": ["profile"]}}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("detail").asString()).contains("format must be one of onnx, xgboost_json, scorecard_json")
                .contains("inputSignature.fields must list").contains("lineage.featureViews[0] must pin a view");

        Answer damaged = registry.upload(dana, model, artifact(), PIPELINE_METADATA.replaceFirst("\\{",
                "{\"artifactSha256\": \"" + Sha256.hex(bytes) + "\", "));
        assertThat(damaged.status()).isEqualTo(400);
        assertThat(damaged.body().get("detail").asString()).contains("damaged on the way or is the wrong file");

        assertThat(registry.upload(dana, model, new byte[0], PIPELINE_METADATA).body().get("detail").asString())
                .isEqualTo("the artifact is empty");
        assertThat(registry.upload(dana, "no-such-model", artifact(), PIPELINE_METADATA).status()).isEqualTo(404);
        assertThat(registry.upload(registry.as(DemoIdentity.AUDREY), model, artifact(), PIPELINE_METADATA).status()).isEqualTo(403);
        assertThat(registry.exchange(registry.anonymous().get().uri("/api/v1/models/{m}/versions/1", model)).status()).isEqualTo(401);
        assertThat(registry.exchange(dana.get().uri("/api/v1/models/{m}/versions/9", model)).status()).isEqualTo(404);
        assertThat(registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions", model).retrieve()
                .body(JsonNode.class).size()).as("nothing refused was registered").isEqualTo(1);
    }

    @Test
    void comparesMetricsParamsAndLineageOfTwoVersions() {
        String model = registry.registerModel("compare");
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), PIPELINE_METADATA);
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), NOTEBOOK_METADATA);

        JsonNode comparison = registry.as(DemoIdentity.VERA).get()
                .uri("/api/v1/models/{m}/versions/compare?a=1&b=2", model).retrieve().body(JsonNode.class);

        assertThat(comparison.get("a").get("version").asInt()).isEqualTo(1);
        assertThat(comparison.get("sameArtifact").asBoolean()).isFalse();
        JsonNode auc = comparison.get("metrics").valueStream().filter(m -> m.get("name").asString().equals("auc")).findFirst().orElseThrow();
        assertThat(auc.get("a").asDouble()).isEqualTo(0.78);
        assertThat(auc.get("b").asDouble()).isEqualTo(0.81);
        assertThat(auc.get("delta").asDouble()).isCloseTo(0.03, within(1e-9));
        assertThat(comparison.get("metrics").valueStream().filter(m -> m.get("name").asString().equals("ks")).findFirst()
                .orElseThrow().get("b").isNull()).isTrue();
        assertThat(comparison.get("params").valueStream().map(d -> d.get("path").asString()))
                .containsExactly("bins", "library", "maxIterations");
        assertThat(comparison.get("lineage").valueStream().map(d -> d.get("path").asString()))
                .contains("trainingSet.sha256", "code.dirty", "code.gitCommit", "seeds.split", "pipelineSpec")
                .doesNotContain("trainingSet.id");
    }

    @Test
    void searchesVersionsByStatusUseCaseAndModel() {
        String model = registry.registerModel("search");
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), PIPELINE_METADATA);
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), NOTEBOOK_METADATA);
        registry.exchange(registry.as(DemoIdentity.DANA).post().uri("/api/v1/models/{m}/versions/1/transitions", model)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("to", "archived")));
        var audrey = registry.as(DemoIdentity.AUDREY);

        assertThat(audrey.get().uri("/api/v1/versions?model={m}", model).retrieve().body(JsonNode.class)
                .valueStream().map(v -> v.get("version").asInt())).containsExactly(2, 1);
        assertThat(audrey.get().uri("/api/v1/versions?model={m}&status=dev&useCase=credit", model).retrieve().body(JsonNode.class)
                .valueStream().map(v -> v.get("version").asInt())).containsExactly(2);
        assertThat(audrey.get().uri("/api/v1/versions?model={m}&useCase=fraud", model).retrieve().body(JsonNode.class)).isEmpty();
        assertThat(audrey.get().uri("/api/v1/versions?status=archived").retrieve().body(JsonNode.class)
                .valueStream().map(v -> v.get("model").asString())).contains(model);
        Answer badStatus = registry.exchange(audrey.get().uri("/api/v1/versions?status=live"));
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().get("detail").asString()).contains("status must be one of dev, submitted");
    }

    @Test
    void theRegistryOnlyArchivesVersionsInDevelopmentAndSaysWhoOwnsTheRest() {
        String model = registry.registerModel("transitions");
        registry.upload(registry.as(DemoIdentity.DANA), model, artifact(), PIPELINE_METADATA);

        Answer approve = transition(DemoIdentity.ADA, model, "approved");
        assertThat(approve.status()).isEqualTo(409);
        assertThat(approve.contentType()).isEqualTo("application/problem+json");
        assertThat(approve.body().get("detail").asString())
                .isEqualTo("cannot go from dev to approved; allowed: submitted (by governance), archived (by registry)");

        Answer submit = transition(DemoIdentity.ADA, model, "submitted");
        assertThat(submit.status()).isEqualTo(409);
        assertThat(submit.body().get("detail").asString()).contains("through governance").contains("steward submit " + model + " 1");

        Answer notAStatus = transition(DemoIdentity.DANA, model, "live");
        assertThat(notAStatus.status()).isEqualTo(400);

        Answer otherScientist = registry.exchange(registry.as("sam", "data_scientist").post()
                .uri("/api/v1/models/{m}/versions/1/transitions", model).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("to", "archived")));
        assertThat(otherScientist.status()).isEqualTo(403);
        assertThat(otherScientist.body().get("detail").asString()).contains("only the author");

        Answer archive = registry.exchange(registry.as(DemoIdentity.DANA).post()
                .uri("/api/v1/models/{m}/versions/1/transitions", model).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("to", "archived", "reason", "superseded before submission")));
        assertThat(archive.status()).isEqualTo(200);
        assertThat(archive.body().get("status").asString()).isEqualTo("archived");

        Answer again = transition(DemoIdentity.ADA, model, "dev");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).isEqualTo("cannot go from archived to dev; archived is final");

        String subject = "model/" + model + "/versions/1";
        assertThat(registry.events(Topics.REGISTRY, subject, "model.version.status-changed")).singleElement().satisfies(e -> {
            assertThat(e.get("from").asString()).isEqualTo("dev");
            assertThat(e.get("to").asString()).isEqualTo("archived");
            assertThat(e.get("actor").asString()).isEqualTo("dana");
        });
        assertThat(registry.events(Topics.AUDIT, subject, "model.version.status-changed")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("superseded before submission"));
    }

    @Test
    void aTamperedArtifactIsRefusedOnReadAndTheRefusalAudited() {
        String model = registry.registerModel("tampered");
        byte[] bytes = artifact();
        registry.upload(registry.as(DemoIdentity.DANA), model, bytes, PIPELINE_METADATA);
        String sha256 = Sha256.hex(bytes);

        assertThat(jdbc.update("update artifact_chunk set data = set_byte(data, 2, get_byte(data, 2) # 1) "
                + "where content_id = (select content_id from artifact where sha256 = ?)", sha256)).isEqualTo(1);

        Answer refused = registry.exchange(registry.as(DemoIdentity.OMAR).get().uri("/api/v1/models/{m}/versions/1/artifact", model));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().get("title").asString()).isEqualTo("Artifact corrupted");
        assertThat(refused.body().get("detail").asString()).contains(sha256).contains("will not be served");
        assertThat(registry.events(Topics.AUDIT, "model/" + model + "/versions/1", "model.version.artifact-corrupted"))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("actor").asString()).isEqualTo("omar");
                    assertThat(e.get("before").get("artifactSha256").asString()).isEqualTo(sha256);
                    assertThat(e.get("before").get("actualSha256").asString()).hasSize(64).isNotEqualTo(sha256);
                });
    }

    @Test
    void aLargeArtifactTravelsInChunksBothWays() {
        String model = registry.registerModel("large");
        byte[] bytes = new byte[40 * (1 << 20) + 3];
        new Random().nextBytes(bytes);

        Answer uploaded = registry.upload(registry.as(DemoIdentity.ELI), model, bytes, NOTEBOOK_METADATA);

        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.body().get("artifactSize").asLong()).isEqualTo(bytes.length);
        assertThat(jdbc.queryForObject("select count(*) from artifact_chunk c join artifact a using (content_id) where a.sha256 = ?",
                Long.class, Sha256.hex(bytes))).isEqualTo(41);
        byte[] downloaded = registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions/1/artifact", model)
                .retrieve().body(byte[].class);
        assertThat(Sha256.hex(downloaded)).isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void describesTheVersionEndpointsInTheApiDescription() {
        String description = registry.anonymous().get().uri("/v3/api-docs").retrieve().body(String.class);
        assertThat(description).contains("/api/v1/models/{name}/versions", "/api/v1/models/{name}/versions/{version}/artifact",
                "/api/v1/models/{name}/versions/compare", "/api/v1/models/{name}/versions/{version}/transitions", "/api/v1/versions");
    }

    private Answer transition(DemoIdentity who, String model, String to) {
        return registry.exchange(registry.as(who).post().uri("/api/v1/models/{m}/versions/1/transitions", model)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("to", to)));
    }
}
