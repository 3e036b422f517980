package org.steward.registry.reproduction;

import org.steward.registry.version.ModelVersion;
import org.steward.training.Reproduction;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One reproduction of a registered version requested over REST: who asked and when, where it stands, and once it ran
 * the training pipeline's {@link Reproduction} as it reported it (the differences by kind and the notes), or the
 * reason it could not run. Transitions only go forward: queued, running, then succeeded or failed.
 *
 * @param rebuildFromSources whether the recorded join is also built again from the feature store's current sources
 * @param verdict            set when it succeeded
 * @param failure            why it could not run; set when it failed
 */
public record VersionReproduction(UUID id, String model, int version, ReproductionStatus status,
                                  boolean rebuildFromSources, String requestedBy, Instant requestedAt, Instant startedAt,
                                  Instant finishedAt, Verdict verdict, String recordedArtifactSha256,
                                  String reproducedArtifactSha256, List<Reproduction.Difference> differences,
                                  List<String> notes, List<Step> steps, String failure) {

    /** One step of the rerun, as the pipeline timed it. */
    public record Step(String name, String detail, long millis) {
    }

    public VersionReproduction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        steps = List.copyOf(steps);
    }

    /** A new request for {@code version}, waiting for a worker. */
    public static VersionReproduction queued(ModelVersion version, boolean rebuildFromSources, String requestedBy,
                                             Instant now) {
        return new VersionReproduction(UUID.randomUUID(), version.model(), version.version(), ReproductionStatus.QUEUED,
                rebuildFromSources, requestedBy, now, null, null, null, version.artifactSha256(), null, List.of(),
                List.of(), List.of(), null);
    }

    public VersionReproduction running(Instant now) {
        expect(ReproductionStatus.QUEUED, "start");
        return new VersionReproduction(id, model, version, ReproductionStatus.RUNNING, rebuildFromSources, requestedBy,
                requestedAt, now, null, null, recordedArtifactSha256, null, differences, notes, steps, null);
    }

    /** The rerun finished: its verdict and exactly what it reported. */
    public VersionReproduction succeeded(Reproduction result, Instant now) {
        expect(ReproductionStatus.RUNNING, "finish");
        if (!result.recordedArtifactSha256().equals(recordedArtifactSha256)) {
            throw new IllegalArgumentException("the rerun compared with artifact " + result.recordedArtifactSha256()
                    + ", not with the version's " + recordedArtifactSha256);
        }
        return new VersionReproduction(id, model, version, ReproductionStatus.SUCCEEDED, rebuildFromSources,
                requestedBy, requestedAt, startedAt, now, Verdict.of(result), recordedArtifactSha256,
                result.reproducedArtifactSha256(), result.differences(), result.notes(),
                result.steps().stream().map(s -> new Step(s.name(), s.detail(), s.took().toMillis())).toList(), null);
    }

    /** It could not run (or not to the end), for {@code reason}; from queued or running. */
    public VersionReproduction failed(String reason, Instant now) {
        if (!status.active()) {
            throw new IllegalStateException("reproduction " + id + " is already " + status + " and cannot fail");
        }
        return new VersionReproduction(id, model, version, ReproductionStatus.FAILED, rebuildFromSources, requestedBy,
                requestedAt, startedAt, now, null, recordedArtifactSha256, null, differences, notes, steps,
                Objects.requireNonNull(reason, "reason"));
    }

    /** Where the reproduction is read, relative to the registry's base URL. */
    public String path() {
        return path(model, version) + "/" + id;
    }

    public static String path(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version + "/reproductions";
    }

    private void expect(ReproductionStatus expected, String act) {
        if (status != expected) {
            throw new IllegalStateException("reproduction " + id + " is " + status + ", not " + expected + ": cannot " + act);
        }
    }
}
