package org.steward.cli;

/** Exit codes, stable so that CI pipelines can branch on them. */
final class Exit {
    static final int OK = 0;
    /** The command ran, and what it checked is not healthy: a broken audit chain, a service down. */
    static final int CHECK_FAILED = 1;
    static final int USAGE = 2;
    /** A service could not be reached or answered with an HTTP error. */
    static final int SERVICE_ERROR = 3;
    /** A bug in the command line itself. */
    static final int INTERNAL = 4;

    private Exit() {
    }
}
