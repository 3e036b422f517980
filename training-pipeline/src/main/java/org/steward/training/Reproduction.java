package org.steward.training;

import java.util.List;

/**
 * The verdict of reproducing a registered version: the artifact hash recorded and the one the rerun produced, and
 * exactly what differs between then and now.
 *
 * @param differences what differs, data first, then code, environment, params, and the artifact last
 * @param notes       what could not be proven either way (a dirty working tree then and now, nothing recorded)
 */
public record Reproduction(String model, int version, String recordedArtifactSha256, String reproducedArtifactSha256,
                           List<Difference> differences, List<String> notes, List<Step> steps) {

    public Reproduction {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        steps = List.copyOf(steps);
    }

    /** What a difference is about. */
    public enum Kind { DATA, CODE, ENVIRONMENT, PARAMS, ARTIFACT }

    /**
     * One thing that differs.
     *
     * @param what     which part, e.g. {@code training set content}, {@code xgboost4j}, {@code features[2].cap.high}
     * @param recorded its value in the registered version
     * @param now      its value now
     */
    public record Difference(Kind kind, String what, String recorded, String now) {
    }

    /** The rerun produced the registered artifact's bytes. */
    public boolean identicalArtifact() {
        return recordedArtifactSha256.equals(reproducedArtifactSha256);
    }

    /** The identical artifact, and nothing else differs either. */
    public boolean reproduced() {
        return identicalArtifact() && differences.isEmpty();
    }
}
