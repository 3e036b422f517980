package org.steward.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.steward.training.Reproducer;
import org.steward.training.Reproduction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward reproduce MODEL VERSION}: rerun a registered version's recorded pipeline on its recorded snapshot and
 * prove the identical artifact hash, or say exactly what differs. Exits 0 only when reproduced with nothing differing.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Rerun a registered version's pipeline and prove the identical artifact hash.",
                "Trains again on the recorded training set, without registering, and reports what differs: data (the",
                "snapshot, and the same join rebuilt from today's sources), code (git commit, uncommitted changes),",
                "environment (dependency versions), params, and the artifact's SHA-256. Exit code 1 when anything differs."})
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

    @Mixin
    AuthOptions auth;

    @Mixin
    JsonOption json;

    private final Pipelines pipelines;
    private final Output output;

    ReproduceCommand(Pipelines pipelines, Output output) {
        this.pipelines = pipelines;
        this.output = output;
    }

    @Override
    public Integer call() {
        Reproduction reproduction = pipelines.run(auth, services -> new Reproducer(services.featureStore(),
                services.registry(), pipelines.progress(), Path.of("").toAbsolutePath()).reproduce(model, version, !noRebuild));
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
