package org.steward.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.steward.training.Progress;
import org.steward.training.Reproducer;
import org.steward.training.Reproduction;
import org.steward.training.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code steward reproduce MODEL VERSION}: rerun a registered version's recorded pipeline on its recorded snapshot and
 * prove the identical artifact hash, or say exactly what differs. Exits 0 only when reproduced with nothing differing.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Rerun a registered version's pipeline and prove the identical artifact hash.",
                "Trains again on the recorded training set, without registering, and reports what differs: data (the",
                "snapshot, and the same join rebuilt from today's sources), code (git commit, uncommitted changes),",
                "environment (dependency versions), params, and the artifact's SHA-256. Exit code 1 when anything differs.",
                "With --remote the registry reruns it (as you: your token reads the feature store) and records the verdict."})
final class ReproduceCommand implements Callable<Integer> {

    /** The verdict as {@code --json} prints it. */
    record Report(String model, int version, boolean reproduced, boolean identicalArtifact, String recordedArtifactSha256,
                  String reproducedArtifactSha256, List<Reproduction.Difference> differences, List<String> notes,
                  List<TrainCommand.Timing> steps) {
    }

    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.")
    int version;

    @Option(names = "--no-rebuild", description = {"Do not build the recorded join again from the feature store's current",
            "sources (which creates a snapshot and needs a role allowed to); only check the recorded snapshot."})
    boolean noRebuild;

    @Option(names = "--remote", description = {"Ask the model registry to reproduce the version and wait for its verdict,",
            "which it records and shows in the version's evidence; the code is then not compared (no checkout there)."})
    boolean remote;

    @Mixin
    AuthOptions auth;

    @Mixin
    JsonOption json;

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration REMOTE_TIMEOUT = Duration.ofHours(2);

    private final Pipelines pipelines;
    private final Http http;
    private final Tokens tokens;
    private final Output output;

    ReproduceCommand(Pipelines pipelines, Http http, Tokens tokens, Output output) {
        this.pipelines = pipelines;
        this.http = http;
        this.tokens = tokens;
        this.output = output;
    }

    @Override
    public Integer call() {
        Reproduction reproduction = remote ? remote() : pipelines.run(auth, services -> new Reproducer(
                services.featureStore(), services.registry(), pipelines.progress(), Path.of("").toAbsolutePath())
                .reproduce(model, version, !noRebuild));
        if (json.enabled) {
            output.json(new Report(model, version, reproduction.reproduced(), reproduction.identicalArtifact(),
                    reproduction.recordedArtifactSha256(), reproduction.reproducedArtifactSha256(),
                    reproduction.differences(), reproduction.notes(), reproduction.steps().stream()
                    .map(s -> new TrainCommand.Timing(s.name(), s.detail(), s.took().toMillis())).toList()));
        } else {
            print(reproduction);
        }
        return reproduction.reproduced() ? Exit.OK : Exit.CHECK_FAILED;
    }

    /** Asks the registry to reproduce the version, follows the reproduction until it ends, and reads its report. */
    private Reproduction remote() {
        String token = tokens.resolve(auth);
        String reproductions = "/api/v1/models/" + model + "/versions/" + version + "/reproductions";
        JsonNode queued = http.postJson(Endpoint.MODEL_REGISTRY, reproductions, token,
                Map.of("rebuildFromSources", !noRebuild));
        String path = reproductions + "/" + queued.path("id").asString();
        Progress progress = pipelines.progress();
        long start = System.nanoTime();
        progress.step("queued", "reproduction " + queued.path("id").asString() + " in the registry", Duration.ZERO);
        while (true) {
            JsonNode reproduction = http.get(Endpoint.MODEL_REGISTRY, path, token);
            switch (reproduction.path("status").asString()) {
                case "SUCCEEDED" -> {
                    progress.step("verdict", reproduction.path("verdict").asString(),
                            Duration.ofNanos(System.nanoTime() - start));
                    return report(reproduction);
                }
                case "FAILED" -> throw new CliException(Exit.SERVICE_ERROR, "the registry could not reproduce " + model
                        + " version " + version + ": " + reproduction.path("failure").asString(), null);
                default -> {
                    if (System.nanoTime() - start > REMOTE_TIMEOUT.toNanos()) {
                        throw new CliException(Exit.SERVICE_ERROR, "the registry's reproduction has not finished in "
                                + REMOTE_TIMEOUT.toHours() + " hours", "follow it with GET " + path);
                    }
                    sleep();
                }
            }
        }
    }

    /** The registry's record of a finished reproduction as the pipeline's report, printed the same way as a local run. */
    private Reproduction report(JsonNode r) {
        List<Reproduction.Difference> differences = r.path("differences").valueStream()
                .map(d -> new Reproduction.Difference(Reproduction.Kind.valueOf(d.path("kind").asString()),
                        d.path("what").asString(), d.path("recorded").asString(), d.path("now").asString()))
                .toList();
        return new Reproduction(model, version, r.path("recordedArtifactSha256").asString(),
                r.path("reproducedArtifactSha256").asString(), differences,
                r.path("notes").valueStream().map(JsonNode::asString).toList(),
                r.path("steps").valueStream().map(s -> new Step(s.path("name").asString(), s.path("detail").asString(),
                        Duration.ofMillis(s.path("millis").asLong()))).toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.SERVICE_ERROR, "interrupted while waiting for the registry's reproduction", null);
        }
    }

    private void print(Reproduction reproduction) {
        if (reproduction.reproduced()) {
            output.line("reproduced: identical artifact %s", reproduction.reproducedArtifactSha256());
        } else {
            output.line("not reproduced: %d difference%s", reproduction.differences().size(),
                    reproduction.differences().size() == 1 ? "" : "s");
            List<List<String>> rows = new ArrayList<>();
            for (Reproduction.Difference d : reproduction.differences()) {
                rows.add(List.of("  " + d.kind().name().toLowerCase(Locale.ROOT), d.what() + ": recorded " + d.recorded()
                        + ", now " + d.now()));
            }
            output.table(rows);
            output.line("artifact: registered %s, reproduced %s (%s)", reproduction.recordedArtifactSha256(),
                    reproduction.reproducedArtifactSha256(), reproduction.identicalArtifact() ? "identical" : "differs");
        }
        reproduction.notes().forEach(note -> output.line("note: %s", note));
    }
}
