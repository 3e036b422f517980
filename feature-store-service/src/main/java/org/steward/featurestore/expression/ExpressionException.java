package org.steward.featurestore.expression;

/**
 * An expression that cannot be compiled. The message names the problem, the character offset
 * and, where one is known, the likely fix, so that it can be shown to the author as it is.
 */
public final class ExpressionException extends RuntimeException {

    private final int position;

    ExpressionException(String problem, int position) {
        this(problem, position, null);
    }

    ExpressionException(String problem, int position, String hint) {
        super(problem + " at " + position + (hint == null ? "" : " (" + hint + ")"));
        this.position = position;
    }

    /** The 0-based character offset in the source where the problem was found. */
    public int position() {
        return position;
    }
}
