package org.steward.commons.web;

/**
 * A refusal the caller can act on. Domain code throws it with a kind and a sentence that says what was wrong and
 * how to fix it; the web layer turns the kind into the HTTP status of a problem detail.
 */
public class StewardException extends RuntimeException {

    /** What kind of refusal; each maps to one HTTP status. */
    public enum Kind {
        /** The request is malformed or a value is invalid (400). */
        INVALID,
        /** The identity may not perform this act, e.g. separation of duties (403). */
        FORBIDDEN,
        /** The thing does not exist (404). */
        NOT_FOUND,
        /** The act conflicts with the current state, e.g. an illegal lifecycle transition (409). */
        CONFLICT,
        /** Well-formed but breaks a business rule, e.g. a failing policy gate (422). */
        UNPROCESSABLE,
        /** A service this one depends on cannot answer now; retrying later may succeed (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String title;

    public StewardException(Kind kind, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.title = title;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public static StewardException notFound(String what, String detail) {
        return new StewardException(Kind.NOT_FOUND, what + " not found", detail);
    }

    public static StewardException invalid(String detail) {
        return new StewardException(Kind.INVALID, "Invalid request", detail);
    }

    public static StewardException conflict(String title, String detail) {
        return new StewardException(Kind.CONFLICT, title, detail);
    }

    public static StewardException forbidden(String title, String detail) {
        return new StewardException(Kind.FORBIDDEN, title, detail);
    }
}
