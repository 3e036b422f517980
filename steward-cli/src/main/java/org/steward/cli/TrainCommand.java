package org.steward.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.steward.training.Step;
import org.steward.training.TrainingPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code steward train SPEC}: run a training pipeline and register the version, from a shell or a CI job. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model from a pipeline spec and register the version.",
                "The version gets its artifact, metrics, reference profile and complete lineage",
                "(see training-pipeline/SPEC.md). The model must already be registered. Progress goes to stderr."})
final class TrainCommand implements Callable<Integer> {

    /** The run as {@code --json} prints it: what was registered, its headline metrics, and the steps' timings. */
    record Report(String model, int version, String format, String artifactSha256, String trainingSetId,
                  String trainingSetSha256, String referenceProfileSha256, String lineageSha256, JsonNode validation,
                  JsonNode outOfTime, JsonNode scorePsi, List<Timing> steps) {
    }

    record Timing(String step, String detail, long millis) {
    }

    @Parameters(paramLabel = "SPEC", description = "The pipeline spec (YAML).")
    Path spec;

    @Option(names = "--training-set", paramLabel = "ID",
            description = "Train on this existing training-set snapshot instead of building one from the spec's entity rows.")
    String trainingSet;

    @Mixin
    AuthOptions auth;

    @Mixin
    JsonOption json;

    private final Pipelines pipelines;
    private final Output output;

    TrainCommand(Pipelines pipelines, Output output) {
        this.pipelines = pipelines;
        this.output = output;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(spec)) {
            throw new CliException(Exit.USAGE, "cannot read " + spec + " (no such file)", "pass the path of a pipeline spec");
        }
        TrainingPipeline.TrainingRun run = pipelines.run(auth, services ->
                new TrainingPipeline(services.featureStore(), services.registry(), pipelines.progress()).train(spec, trainingSet));
        JsonNode metrics = run.metrics();
        Report report = new Report(run.model(), run.version(), run.format(), run.artifactSha256(), run.trainingSetId(),
                run.trainingSetSha256(), run.referenceProfileSha256(), run.lineageSha256(), headline(metrics.path("validation")),
                headline(metrics.path("outOfTime")), metrics.path("stability").path("score"),
                run.steps().stream().map(TrainCommand::timing).toList());
        if (json.enabled) {
            output.json(report);
            return Exit.OK;
        }
        output.line("registered %s version %d (%s)", run.model(), run.version(), run.format());
        output.table(List.of(
                List.of("  artifact", "sha256:" + run.artifactSha256()),
                List.of("  training set", run.trainingSetId() + " sha256:" + run.trainingSetSha256()),
                List.of("  validation", discrimination(metrics.path("validation"))),
                List.of("  out-of-time", discrimination(metrics.path("outOfTime")) + "  score PSI "
                        + metrics.path("stability").path("score").asString()),
                List.of("  profile", "sha256:" + run.referenceProfileSha256())));
        return Exit.OK;
    }

    private static Timing timing(Step step) {
        return new Timing(step.name(), step.detail(), step.took().toMillis());
    }

    private static JsonNode headline(JsonNode window) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("rows", "bads", "auc", "gini", "ks", "brier", "logLoss")) {
            node.set(name, window.path(name));
        }
        return node;
    }

    private static String discrimination(JsonNode window) {
        return "AUC " + window.path("auc").asString() + "  Gini " + window.path("gini").asString() + "  KS "
                + window.path("ks").asString() + "  (" + window.path("rows").asString() + " rows)";
    }
}
