package org.steward.runtime;

/** The type of one model input, as a caller supplies it in a row. */
public enum FieldType {
    /** Any {@link Number}; {@code null} means missing. */
    NUMBER,
    /** A {@link String} (a category). */
    STRING,
    /** A {@link Boolean}; numeric models see it as 1 or 0. */
    BOOLEAN
}
