package org.steward.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * The Python client for notebooks ({@code clients/python}), run for real from the project's {@code .venv}: its unit
 * tests, then a notebook-like script against the embedded platform, configured by the same environment as the
 * command line. The script applies the German credit definitions, ingests, builds a training set as a DataFrame,
 * trains a scikit-learn pipeline, exports it with skl2onnx and registers it with the lineage it can prove; this test
 * then checks through the services' own REST APIs (not the client) what the registry recorded, and that the
 * registered artifact scores in Java as it did in scikit-learn. A missing {@code .venv} fails rather than skips.
 */
class PythonClientIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();

    @Test
    void theClientsUnitTestsPass() throws Exception {
        String output = python(Map.of(), "-m", "unittest", "discover", "-s", "clients/python/tests");

        assertThat(output).containsPattern("Ran \\d+ tests").contains("OK");
    }

    @Test
    void aNotebookRegistersAModelTrainedOnAVerifiedTrainingSetWithTheLineageItCanProve() throws Exception {
        Path result = platform.dataDirectory().resolve("notebook.json");
        String output = python(platform.get().cliEnvironment(), "clients/python/tests/notebook_german_credit.py", result.toString());
        JsonNode notebook = JSON.readTree(result.toFile());
        String model = notebook.get("model").asString();
        int number = notebook.get("version").asInt();

        JsonNode version = registry().get().uri("/api/v1/models/{m}/versions/{v}", model, number).retrieve().body(JsonNode.class);
        JsonNode trainingSet = featureStore().get().uri("/api/v1/training-sets/{id}", notebook.get("trainingSet").get("id").asString())
                .retrieve().body(JsonNode.class);
        assertThat(trainingSet.get("rowCount").asInt()).isEqualTo(1000).isEqualTo(notebook.get("trainingSet").get("rows").asInt());
        assertThat(version.get("lineage").get("trainingSet").get("sha256").asString())
                .isEqualTo(trainingSet.get("contentSha256").asString())
                .isEqualTo(notebook.get("trainingSet").get("sha256").asString());
        assertThat(version.get("lineage").get("featureViews")).extracting(JsonNode::asString)
                .containsExactly("customer_profile@1", "account_history@1");
        assertThat(version.get("inputSignature").get("featureService").asString()).isEqualTo("german_credit_scorecard@1");
        assertThat(version.get("lineage").get("environment").get("skl2onnx").asString()).isEqualTo("1.20.0");
        JsonNode evidence = version.get("reproducibilityEvidence");
        assertThat(evidence.get("complete").asBoolean()).isFalse();
        assertThat(evidence.get("present")).extracting(item -> item.get("evidence").asString())
                .containsExactly("training-set", "feature-views", "label", "time-windows", "environment", "seeds");
        assertThat(evidence.get("missing")).extracting(item -> item.get("evidence").asString())
                .containsExactly("code-version", "pipeline-spec");
        assertThat(output).contains("MISSING  code-version: no git commit");
        assertThat(notebook.get("auc").asDouble()).isGreaterThan(0.6);
        JsonNode online = notebook.get("online");
        assertThat(online.get("statuses").get("customer_profile__age").asString()).isEqualTo("PRESENT");
        assertThat(online.get("statuses").get("account_history__checking_account").asString()).isEqualTo("EXPIRED");
        assertThat(online.get("values").get("monthly_installment").asDouble()).isEqualTo(100.0);
        assertThat(notebook.get("auditIntact").asBoolean()).isTrue();

        JsonNode unknown = notebook.get("errors").get("unknownFeatureService");
        assertThat(unknown.get("status").asInt()).isEqualTo(404);
        assertThat(unknown.get("type").asString()).isEqualTo("urn:steward:problem:not-found");
        assertThat(unknown.get("str").asString()).startsWith("404 Feature service not found: no feature service named "
                + "'no_such_service'").doesNotContain("\n");
        assertThat(notebook.get("errors").get("auditAsDataScientist").get("status").asInt()).isEqualTo(403);
        JsonNode reproduce = notebook.get("errors").get("reproduceWithoutPipeline");
        assertThat(reproduce.get("status").asInt()).as("a version registered from a notebook has no pipeline to rerun")
                .isEqualTo(422);
        assertThat(reproduce.get("str").asString()).contains("pipeline spec");
        assertThat(output).doesNotContain("Traceback");

        scoresInJavaAsInScikitLearn(version, notebook.get("parity"));
    }

    /** The registered ONNX artifact, loaded by model-runtime with the registered signature as serving will load it. */
    private static void scoresInJavaAsInScikitLearn(JsonNode version, JsonNode parity) {
        byte[] artifact = registry().get().uri("/api/v1/models/{m}/versions/{v}/artifact", version.get("model").asString(),
                version.get("version").asInt()).retrieve().body(byte[].class);
        assertThat(Artifacts.sha256(artifact)).isEqualTo(version.get("artifactSha256").asString());
        InputSignature signature = new InputSignature(version.get("inputSignature").get("fields").valueStream()
                .map(f -> new InputField(f.get("name").asString(), FieldType.valueOf(f.get("type").asString().toUpperCase(Locale.ROOT))))
                .toList());
        assertThat(parity.get("rows")).hasSize(5);
        try (ScoringModel model = ModelLoader.load(artifact, version.get("artifactSha256").asString(), ModelFormat.ONNX, signature)) {
            for (int i = 0; i < parity.get("rows").size(); i++) {
                Map<String, Object> row = new HashMap<>();
                parity.get("rows").get(i).properties().forEach(e -> row.put(e.getKey(),
                        e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asString()));
                assertThat(model.score(row).probability()).as("row %d", i)
                        .isCloseTo(parity.get("probabilities").get(i).asDouble(), within(1e-6));
            }
        }
    }

    /**
     * Runs the project's Python from the checkout's root with {@code env} added (and no inherited
     * {@code STEWARD_TOKEN}, so the script's identity is the one it asks for); returns its output, failing the test
     * with that output on a non-zero exit or a timeout.
     */
    private static String python(Map<String, String> env, String... arguments) throws IOException, InterruptedException {
        Path root = ExampleFiles.repositoryRoot();
        Path python = root.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            fail(python + " is missing: run `make python-env` (it creates .venv and installs the client into it)");
        }
        Path log = Files.createTempFile(platform.dataDirectory(), "python-", ".log");
        ProcessBuilder builder = new ProcessBuilder(python.toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("STEWARD_TOKEN");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.print(output);
        if (!finished || process.exitValue() != 0) {
            fail(String.join(" ", arguments) + (finished ? " failed" : " timed out") + ":\n" + output);
        }
        return output;
    }

    private static RestClient registry() {
        return platform.as(DemoIdentity.AUDREY, StewardService.MODEL_REGISTRY);
    }

    private static RestClient featureStore() {
        return platform.as(DemoIdentity.AUDREY, StewardService.FEATURE_STORE);
    }
}
