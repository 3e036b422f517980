package org.steward.governance.policy;

import java.util.UUID;

/**
 * Computes and stores a version's evidence when a submission finds none for its artifact. Provided by the evidence
 * package; without it, the evidence gate fails and says so.
 */
@FunctionalInterface
public interface EvidenceComputation {

    /** Computes the evidence of the version's current artifact and returns the stored row's id. */
    UUID compute(String model, int version);
}
