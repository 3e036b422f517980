package org.steward.training;

/**
 * A failure of a training or reproduction run, with a one-line message that says what was wrong and how to fix it,
 * and the kind of failure, so that a command line can choose its exit code.
 */
public final class PipelineException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The spec is malformed or asks for something the data cannot give. */
        SPEC,
        /** The training data cannot be used: a missing column, an empty window, a non-binary label. */
        DATA,
        /** A service could not be reached or refused the request. */
        SERVICE,
        /** The estimator failed: no convergence, a singular information matrix, a feature with one bin. */
        TRAINING
    }

    private final Kind kind;

    public PipelineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PipelineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
