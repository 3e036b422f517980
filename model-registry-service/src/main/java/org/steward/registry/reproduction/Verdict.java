package org.steward.registry.reproduction;

import org.steward.training.Reproduction;

/** What a reproduction that ran proved. */
public enum Verdict {
    /** The rerun produced the registered artifact's bytes, and nothing else differs either. */
    IDENTICAL,
    /** Something differs: the artifact, or the data, code, environment or params behind it. */
    DIFFERS;

    public static Verdict of(Reproduction reproduction) {
        return reproduction.reproduced() ? IDENTICAL : DIFFERS;
    }
}
