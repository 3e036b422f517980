package org.steward.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.steward.local.EmbeddedPlatform.CliResult;
import org.steward.runtime.Artifacts;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;
import org.steward.testsupport.examples.ExampleFiles;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "must show", on the embedded platform: the German credit example's features applied and ingested, a
 * scorecard and an XGBoost model trained by {@code steward train} and registered with complete lineage, both
 * reproduced by {@code steward reproduce} and by the registry (REST, {@code --remote}) to the identical artifact hash,
 * and a corrected source row reported as a data difference by both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingEndToEndTest {

    private static final String SCORECARD = "german-credit-scorecard";
    private static final String XGBOOST = "german-credit-xgboost";

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();
    static Path example;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startAndLoadTheExample() throws Exception {
        example = ExampleFiles.repositoryRoot().resolve("examples/german-credit");
        CliResult applied = platform.cli("features", "apply", example.resolve("features.yaml").toString(), "--as", "dana");
        assertThat(applied.exit()).as(applied.err()).isZero();
        ingest("customer_profile", Files.readString(example.resolve("data/customer_profile.csv")));
        ingest("account_history", Files.readString(example.resolve("data/account_history.csv")));
        for (String model : new String[] {SCORECARD, XGBOOST}) {
            registry().post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("name", model, "useCase", "credit", "riskTier", 1, "owner", "dana",
                            "description", "German credit application model"))
                    .retrieve().toBodilessEntity();
        }
    }

    @Test
    @Order(1)
    void theScorecardIsTrainedAndRegisteredWithCompleteLineage() {
        JsonNode run = train("scorecard.yaml");
        assertThat(run.get("format").asString()).isEqualTo("scorecard_json");
        JsonNode version = checkRegistered(SCORECARD, run);

        JsonNode inputs = version.get("metrics").get("estimator").get("inputs");
        assertThat(inputs).hasSize(12);
        inputs.forEach(input -> assertThat(input.get("standardError").asDouble()).as(input.get("name").asString()).isPositive());
        try (ScoringModel model = load(version)) {
            double probability = model.score(Map.of("account_history__checking_account", "... < 0 DM",
                    "duration_in_month", 48, "purpose", "education", "credit_amount", 12_000.0)).probability();
            assertThat(probability).isBetween(0.0, 1.0);
        }
    }

    @Test
    @Order(2)
    void theXGBoostModelIsTrainedAndRegisteredWithCompleteLineage() {
        JsonNode run = train("xgboost.yaml");
        assertThat(run.get("format").asString()).isEqualTo("xgboost_json");
        JsonNode version = checkRegistered(XGBOOST, run);

        assertThat(version.get("params").get("estimator").get("params").get("nthread").asInt()).isEqualTo(1);
        assertThat(version.get("params").get("estimator").get("encoding").size())
                .isEqualTo(version.get("inputSignature").get("fields").size());
        try (ScoringModel model = load(version)) {
            assertThat(model.score(Map.of("duration_in_month", 12.0)).probability()).isBetween(0.0, 1.0);
        }
    }

    @Test
    @Order(3)
    void bothReproduceToTheIdenticalArtifact() {
        for (String model : new String[] {SCORECARD, XGBOOST}) {
            JsonNode registered = registry().get().uri("/api/v1/models/{m}/versions/1", model).retrieve().body(JsonNode.class);

            CliResult result = platform.cli("reproduce", model, "1", "--as", "dana", "--json");

            assertThat(result.exit()).as(result.out() + result.err()).isZero();
            JsonNode verdict = json.readTree(result.out());
            assertThat(verdict.get("reproduced").asBoolean()).isTrue();
            assertThat(verdict.get("differences")).isEmpty();
            assertThat(verdict.get("reproducedArtifactSha256").asString())
                    .isEqualTo(registered.get("artifactSha256").asString());
            assertThat(platform.cli("reproduce", model, "1", "--as", "dana", "--no-rebuild").out())
                    .startsWith("reproduced: identical artifact " + registered.get("artifactSha256").asString());
        }
    }

    @Test
    @Order(4)
    void aValidatorHasTheRegistryReproduceBothToTheIdenticalArtifact() {
        for (String model : new String[] {SCORECARD, XGBOOST}) {
            String recorded = registry().get().uri("/api/v1/models/{m}/versions/1", model).retrieve().body(JsonNode.class)
                    .get("artifactSha256").asString();

            // A validator may not create training sets, so the recorded snapshot is checked without rebuilding the join.
            var accepted = platform.as(DemoIdentity.VERA, StewardService.MODEL_REGISTRY).post()
                    .uri("/api/v1/models/{m}/versions/1/reproductions", model).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("rebuildFromSources", false)).retrieve().toEntity(JsonNode.class);

            assertThat(accepted.getStatusCode().value()).isEqualTo(202);
            assertThat(accepted.getHeaders().getLocation()).hasToString(
                    "/api/v1/models/" + model + "/versions/1/reproductions/" + accepted.getBody().get("id").asString());
            JsonNode done = awaitReproduction(accepted.getHeaders().getLocation().toString());
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("verdict").asString()).as(done.toString()).isEqualTo("IDENTICAL");
            assertThat(done.get("requestedBy").asString()).isEqualTo("vera");
            assertThat(done.get("recordedArtifactSha256").asString()).isEqualTo(recorded);
            assertThat(done.get("reproducedArtifactSha256").asString()).isEqualTo(recorded);
            assertThat(done.get("differences")).isEmpty();
            assertThat(done.get("notes").valueStream().map(JsonNode::asString))
                    .anySatisfy(note -> assertThat(note).startsWith("the code was not compared: not checked inside the service"));
            JsonNode evidence = registry().get().uri("/api/v1/models/{m}/versions/1", model).retrieve().body(JsonNode.class)
                    .get("reproducibilityEvidence");
            assertThat(evidence.get("present").valueStream().filter(i -> i.get("evidence").asString().equals("reproduced")))
                    .singleElement().satisfies(i -> assertThat(i.get("detail").asString())
                            .startsWith("rerun by vera on ").endsWith(": identical artifact"));
        }
        CliResult remote = platform.cli("reproduce", SCORECARD, "1", "--remote", "--as", "dana");
        assertThat(remote.exit()).as(remote.out() + remote.err()).isZero();
        assertThat(remote.out()).startsWith("reproduced: identical artifact ")
                .contains("note: the code was not compared");
    }

    @Test
    @Order(5)
    void aCorrectedSourceRowIsReportedAsADataDifference() {
        // C00524 applied on 2023-01-01 (train window); its account history as of then was recorded on 2022-11-05.
        // A correcting row dated 2022-11-06 now wins the point-in-time join for that application.
        ingest("account_history", """
                customer_id,event_time,checking_account,savings,credit_history,existing_credits,other_debtors,other_installment_plans
                C00524,2022-11-06T00:00:00Z,... < 0 DM,500 <= ... < 1000 DM,critical account/ other credits existing (not at this bank),1,none,none
                """);
        JsonNode registered = registry().get().uri("/api/v1/models/{m}/versions/1", SCORECARD).retrieve().body(JsonNode.class);

        CliResult result = platform.cli("reproduce", SCORECARD, "1", "--as", "dana", "--json");

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        JsonNode verdict = json.readTree(result.out());
        assertThat(verdict.get("reproduced").asBoolean()).isFalse();
        assertThat(verdict.get("identicalArtifact").asBoolean())
                .as("the recorded snapshot is immutable: the model still rebuilds from it").isTrue();
        assertThat(verdict.get("differences")).singleElement().satisfies(d -> {
            assertThat(d.get("kind").asString()).isEqualTo("DATA");
            assertThat(d.get("what").asString()).contains("current sources");
            assertThat(d.get("recorded").asString()).isEqualTo(registered.get("lineage").get("trainingSet").get("sha256").asString());
            assertThat(d.get("now").asString()).isNotEqualTo(d.get("recorded").asString());
        });
        CliResult text = platform.cli("reproduce", SCORECARD, "1", "--as", "dana");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).startsWith("not reproduced: 1 difference").contains("data").contains("(identical)");

        // The registry rebuilds the join as dana, who may create training sets, and finds the same difference.
        String location = platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY).post()
                .uri("/api/v1/models/{m}/versions/1/reproductions", SCORECARD).retrieve().toEntity(JsonNode.class)
                .getHeaders().getLocation().toString();
        JsonNode done = awaitReproduction(location);
        assertThat(done.get("verdict").asString()).as(done.toString()).isEqualTo("DIFFERS");
        assertThat(done.get("reproducedArtifactSha256").asString()).isEqualTo(registered.get("artifactSha256").asString());
        assertThat(done.get("differences")).singleElement().satisfies(d -> {
            assertThat(d.get("kind").asString()).isEqualTo("DATA");
            assertThat(d.get("what").asString()).contains("current sources");
            assertThat(d.get("recorded").asString()).isEqualTo(registered.get("lineage").get("trainingSet").get("sha256").asString());
            assertThat(d.get("now").asString()).isEqualTo(verdict.get("differences").get(0).get("now").asString());
        });
        JsonNode evidence = registry().get().uri("/api/v1/models/{m}/versions/1", SCORECARD).retrieve().body(JsonNode.class)
                .get("reproducibilityEvidence");
        assertThat(evidence.get("missing").valueStream().filter(i -> i.get("evidence").asString().equals("reproduced")))
                .singleElement().satisfies(i -> assertThat(i.get("detail").asString()).contains("by dana").contains("differed (data)"));
        JsonNode list = registry().get().uri("/api/v1/models/{m}/versions/1/reproductions", SCORECARD).retrieve()
                .body(JsonNode.class);
        assertThat(list.valueStream().map(r -> r.get("verdict").asString())).containsExactly("DIFFERS", "IDENTICAL", "IDENTICAL");

        CliResult remote = platform.cli("reproduce", SCORECARD, "1", "--remote", "--as", "dana");
        assertThat(remote.exit()).as(remote.out() + remote.err()).isEqualTo(1);
        assertThat(remote.out()).startsWith("not reproduced: 1 difference").contains("data");
    }

    /** Follows a reproduction the registry runs until it has ended. */
    private static JsonNode awaitReproduction(String location) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode reproduction = registry().get().uri(location).retrieve().body(JsonNode.class);
            String status = reproduction.get("status").asString();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return reproduction;
            }
            assertThat(System.nanoTime()).as("reproduction %s still %s", location, status).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Trains with {@code steward train SPEC --json} and returns its report. */
    private static JsonNode train(String spec) {
        CliResult result = platform.cli("train", example.resolve(spec).toString(), "--as", "dana", "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).contains("register").contains("fit");
        JsonNode run = json.readTree(result.out());
        assertThat(run.get("version").asInt()).isEqualTo(1);
        return run;
    }

    /** The version as registered: artifact, metrics, profile and a lineage that lacks nothing but maybe a clean tree. */
    private static JsonNode checkRegistered(String model, JsonNode run) {
        JsonNode version = registry().get().uri("/api/v1/models/{m}/versions/1", model).retrieve().body(JsonNode.class);
        assertThat(version.get("artifactSha256").asString()).isEqualTo(run.get("artifactSha256").asString());
        byte[] artifact = registry().get().uri("/api/v1/models/{m}/versions/1/artifact", model).retrieve().body(byte[].class);
        assertThat(Artifacts.sha256(artifact)).isEqualTo(run.get("artifactSha256").asString());

        JsonNode lineage = version.get("lineage");
        assertThat(lineage.get("trainingSet").get("id").asString()).isEqualTo(run.get("trainingSetId").asString());
        JsonNode trainingSet = featureStore().get().uri("/api/v1/training-sets/{id}", run.get("trainingSetId").asString())
                .retrieve().body(JsonNode.class);
        assertThat(lineage.get("trainingSet").get("sha256").asString()).isEqualTo(trainingSet.get("contentSha256").asString());
        assertThat(lineage.get("featureViews")).extracting(JsonNode::asString)
                .containsExactly("customer_profile@1", "account_history@1");
        assertThat(lineage.get("windows").propertyNames()).containsExactly("train", "validation", "outOfTime");
        assertThat(lineage.get("environment").get("xgboost4j").asString()).isEqualTo("3.4.0");
        assertThat(lineage.get("pipelineSpec").asString()).startsWith("# German credit application");

        JsonNode evidence = version.get("reproducibilityEvidence");
        assertThat(evidence.get("present")).extracting(item -> item.get("evidence").asString())
                .contains("training-set", "feature-views", "label", "time-windows", "environment", "seeds", "pipeline-spec");
        // A developer's working tree may hold uncommitted changes, which the registry rightly counts as missing evidence.
        assertThat(evidence.get("missing")).allSatisfy(item -> {
            assertThat(item.get("evidence").asString()).isEqualTo("code-version");
            assertThat(lineage.get("code").get("dirty").asBoolean()).isTrue();
        });

        JsonNode metrics = version.get("metrics");
        for (String window : new String[] {"validation", "outOfTime"}) {
            assertThat(metrics.get(window).get("auc").asDouble()).as(model + " " + window).isGreaterThan(0.6);
            for (String metric : new String[] {"gini", "ks", "brier", "logLoss", "giniCi95", "calibration", "confusion", "capture"}) {
                assertThat(metrics.get(window).has(metric)).as(window + "." + metric).isTrue();
            }
        }
        assertThat(metrics.get("stability").get("score").isNumber()).isTrue();
        assertThat(metrics.get("referenceProfileSha256").asString()).isEqualTo(run.get("referenceProfileSha256").asString());
        assertThat(metrics.get("referenceProfile").get("inputs").size()).isEqualTo(version.get("params").get("features").size());
        return version;
    }

    /** The registered artifact loaded by model-runtime with the registered input signature, as serving will. */
    private static ScoringModel load(JsonNode version) {
        String model = version.get("model").asString();
        byte[] artifact = registry().get().uri("/api/v1/models/{m}/versions/1/artifact", model).retrieve().body(byte[].class);
        InputSignature signature = new InputSignature(StreamSupport.stream(version.get("inputSignature").get("fields").spliterator(), false)
                .map(f -> new InputField(f.get("name").asString(), FieldType.valueOf(f.get("type").asString().toUpperCase(Locale.ROOT))))
                .toList());
        return ModelLoader.load(artifact, version.get("artifactSha256").asString(),
                ModelFormat.valueOf(version.get("format").asString().toUpperCase(Locale.ROOT)), signature);
    }

    private static void ingest(String view, String csv) {
        featureStore().post().uri("/api/v1/feature-views/{v}/batches", view).contentType(MediaType.parseMediaType("text/csv"))
                .body(csv).retrieve().toBodilessEntity();
    }

    private static RestClient registry() {
        return platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY);
    }

    private static RestClient featureStore() {
        return platform.as(DemoIdentity.DANA, StewardService.FEATURE_STORE);
    }
}
