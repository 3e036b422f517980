package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.steward.commons.json.Sha256;
import org.steward.runtime.Artifacts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run registers what reproduction needs, and reproduction finds every kind of difference: the snapshot's rows,
 * the sources it was joined from, the environment, the params, and the artifact — against in-memory services.
 */
class PipelineAndReproductionTest {

    private static final Path SCORECARD = ExampleData.example("scorecard.yaml");

    private ExampleData.Example example;
    private Fakes.Store store;
    private Fakes.Registry registry;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void train() {
        example = ExampleData.example();
        store = new Fakes.Store(example);
        registry = new Fakes.Registry();
    }

    private TrainingPipeline.TrainingRun run() {
        return new TrainingPipeline(store, registry, (step, detail, took) -> log.add(step + ": " + detail))
                .train(SCORECARD, example.record().id());
    }

    private Reproduction reproduce(boolean rebuild) {
        return new Reproducer(store, registry, Progress.NONE, ExampleData.repositoryRoot())
                .reproduce("german-credit-scorecard", 1, rebuild);
    }

    @Test
    void aRunRegistersTheArtifactWithMetricsProfileAndCompleteLineage() {
        TrainingPipeline.TrainingRun run = run();

        assertThat(run.version()).isEqualTo(1);
        assertThat(run.format()).isEqualTo("scorecard_json");
        assertThat(run.artifactSha256()).isEqualTo(Artifacts.sha256(registry.artifacts.getFirst()));
        assertThat(run.trainingSetSha256()).isEqualTo(example.record().contentSha256());
        assertThat(log).extracting(line -> line.substring(0, line.indexOf(':'))).containsExactly("spec", "training-set",
                "download", "split", "preprocess", "fit", "score", "evaluate", "profile", "lineage", "register");

        JsonNode version = registry.versions.getFirst();
        JsonNode signature = version.get("inputSignature");
        assertThat(signature.get("featureService").asString()).isEqualTo("german_credit_scorecard@1");
        assertThat(signature.get("requestFeatures")).extracting(f -> f.get("name").asString())
                .containsExactly("credit_amount", "duration_in_month", "purpose", "installment_rate");
        assertThat(signature.get("fields")).hasSize(12);
        assertThat(signature.get("fields").get(1).toString()).isEqualTo("{\"name\":\"duration_in_month\",\"type\":\"number\"}");

        JsonNode lineage = version.get("lineage");
        assertThat(lineage.get("trainingSet").get("id").asString()).isEqualTo(example.record().id());
        assertThat(lineage.get("trainingSet").get("sha256").asString()).isEqualTo(example.record().contentSha256());
        assertThat(lineage.get("featureViews")).extracting(JsonNode::asString)
                .containsExactly("customer_profile@1", "account_history@1");
        assertThat(lineage.get("label").get("definition").asString()).startsWith("Bad loan");
        assertThat(lineage.get("windows").get("outOfTime").toString()).isEqualTo("{\"from\":\"2024-09-01\",\"to\":\"2025-01-01\"}");
        assertThat(lineage.get("code").get("gitCommit").asString()).matches("[0-9a-f]{40}");
        assertThat(lineage.get("code").get("dirty").isBoolean()).isTrue();
        assertThat(lineage.get("environment").propertyNames()).contains("java", "os", "xgboost4j", "onnxruntime",
                "model-runtime", "training-pipeline");
        assertThat(lineage.get("environment").get("xgboost4j").asString()).isEqualTo("3.4.0");
        assertThat(lineage.get("seeds").toString()).isEqualTo("{\"bootstrap\":20240901}");
        assertThat(lineage.get("pipelineSpec").asString()).isEqualTo(ExampleData.spec("scorecard.yaml"));

        JsonNode metrics = version.get("metrics");
        assertThat(metrics.get("referenceProfileSha256").asString())
                .isEqualTo(Sha256.hexOfCanonical(metrics.get("referenceProfile")));
        assertThat(metrics.get("validation").get("auc").asDouble()).isGreaterThan(0.65);
        assertThat(metrics.get("outOfTime").get("capture")).hasSize(10);
        assertThat(metrics.get("stability").get("inputs").propertyNames()).hasSize(12);
        assertThat(version.get("params").get("features").get(1).get("impute").get("method").asString()).isEqualTo("median");
    }

    @Test
    void reproducingTheRecordedRunGivesTheIdenticalArtifact() {
        TrainingPipeline.TrainingRun run = run();

        Reproduction reproduction = reproduce(true);

        assertThat(reproduction.differences()).isEmpty();
        assertThat(reproduction.reproduced()).isTrue();
        assertThat(reproduction.reproducedArtifactSha256()).isEqualTo(run.artifactSha256());
        assertThat(store.rebuildRequests).hasSize(1);
        String entityRows = new String(store.rebuildRequests.getFirst(), StandardCharsets.UTF_8);
        assertThat(entityRows.lines().findFirst().orElseThrow())
                .isEqualTo("customer_id,event_time,credit_amount,duration_in_month,purpose,installment_rate,bad");
        assertThat(entityRows.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("C00524,2023-01-01T01:41:37Z,2080.0,6,car (new),1,0");
    }

    @Test
    void sourcesThatChangedSinceTrainingAreADataDifferenceEvenWhenTheArtifactIsIdentical() {
        run();
        store.rebuiltSha256 = "f".repeat(64);

        Reproduction reproduction = reproduce(true);

        assertThat(reproduction.identicalArtifact()).isTrue();
        assertThat(reproduction.reproduced()).isFalse();
        assertThat(reproduction.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Reproduction.Kind.DATA);
            assertThat(d.what()).contains("rebuilt from the feature store's current sources");
            assertThat(d.recorded()).isEqualTo(example.record().contentSha256());
            assertThat(d.now()).isEqualTo("f".repeat(64));
        });
    }

    @Test
    void anAlteredSnapshotIsADataDifferenceAndChangesTheArtifact() {
        run();
        String csv = new String(example.csv(), StandardCharsets.UTF_8);
        // one train-window application's label flipped from good to bad
        store.csv = csv.replaceFirst("(C00524,2023-01-01T01:41:37Z,2080.0,6,car \\(new\\),1,)0", "$11")
                .getBytes(StandardCharsets.UTF_8);

        Reproduction reproduction = reproduce(false);

        assertThat(reproduction.differences()).extracting(Reproduction.Difference::kind)
                .contains(Reproduction.Kind.DATA, Reproduction.Kind.ARTIFACT);
        assertThat(reproduction.differences().getFirst().what()).contains("rows as downloaded");
        assertThat(reproduction.differences().getFirst().now()).isEqualTo(Sha256.hex(store.csv));
        assertThat(reproduction.identicalArtifact()).isFalse();
        assertThat(reproduction.differences().getLast().kind()).isEqualTo(Reproduction.Kind.ARTIFACT);
    }

    @Test
    void anotherEnvironmentAndOtherParamsAreReportedByName() {
        run();
        ObjectNode version = registry.versions.getFirst();
        ((ObjectNode) version.get("lineage").get("environment")).put("xgboost4j", "2.1.0");
        ((ObjectNode) version.get("params").get("evaluation")).put("policyCutoff", 0.4);

        Reproduction reproduction = reproduce(false);

        assertThat(reproduction.identicalArtifact()).isTrue();
        assertThat(reproduction.differences()).extracting(d -> d.kind() + " " + d.what() + ": " + d.recorded() + " -> " + d.now())
                .containsExactly("ENVIRONMENT xgboost4j: 2.1.0 -> 3.4.0", "PARAMS params.evaluation.policyCutoff: 0.4 -> 0.5");
    }

    @Test
    void withoutACheckoutTheCodeIsNotedAsNotComparedNeverAsIdentical() {
        run();
        ((ObjectNode) registry.versions.getFirst().get("lineage").get("code")).put("gitCommit", "0".repeat(40));

        Reproduction reproduction = new Reproducer(store, registry, Progress.NONE,
                new Reproducer.CodeCheck.NotChecked("no checkout here")).reproduce("german-credit-scorecard", 1, false);

        assertThat(reproduction.differences()).extracting(Reproduction.Difference::kind)
                .doesNotContain(Reproduction.Kind.CODE);
        assertThat(reproduction.notes()).contains("the code was not compared: no checkout here (recorded commit "
                + "0".repeat(40) + ")");
        assertThat(reproduce(false).differences()).as("a checkout at another commit is a code difference")
                .extracting(Reproduction.Difference::kind).contains(Reproduction.Kind.CODE);
    }

    @Test
    void aVersionWithoutRecordedSnapshotOrSpecCannotBeRerun() {
        run();
        registry.versions.getFirst().remove("lineage");

        assertThatThrownBy(() -> reproduce(false)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("cannot be rerun");
    }

    @Test
    void anUnregisteredModelFailsBeforeAnythingIsBuilt(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"),
                ExampleData.spec("scorecard.yaml").replace("model: german-credit-scorecard", "model: unknown"));

        assertThatThrownBy(() -> new TrainingPipeline(store, registry, Progress.NONE).train(spec, null))
                .hasMessageContaining("404 Model not found: unknown");
        assertThat(store.rebuildRequests).as("no training set was built").isEmpty();
    }

    @Test
    void aSnapshotThatDoesNotHashToItsRecordIsNotTrainedOn() {
        store.csv = new String(example.csv(), StandardCharsets.UTF_8).replace("C00524", "C99999").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(this::run).isInstanceOfSatisfying(PipelineException.class,
                e -> assertThat(e.kind()).isEqualTo(PipelineException.Kind.DATA)).hasMessageContaining("was altered");
        assertThat(registry.versions).isEmpty();
    }
}
