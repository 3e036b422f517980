package org.steward.registry.reproduction;

/** Where a requested reproduction stands: waiting for a worker, running, or done with a verdict or a reason. */
public enum ReproductionStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** Queued or running: the one reproduction of its version that may be under way. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
