package org.steward.featurestore.ingest;

/**
 * One broken rule in a batch.
 *
 * @param row     the data row, counted from 1 without the header; 0 for the file as a whole (its header or columns)
 * @param column  the column, or null when the problem is the row or the file itself
 * @param value   the offending value as it was sent (cut to {@value #MAX_VALUE_LENGTH} characters), or null when it
 *                is empty, unreadable or a PII feature's value, which a report never shows
 * @param message what is wrong, without repeating the value
 */
public record Violation(long row, String column, Rule rule, String value, String message) {

    static final int MAX_VALUE_LENGTH = 200;

    public Violation {
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            value = value.substring(0, MAX_VALUE_LENGTH) + "…";
        }
    }

    Violation atRow(long newRow, String prefix) {
        return new Violation(newRow, column, rule, value, prefix + message);
    }

    /** {@code row 3, column age (range): above the maximum 100}, for problem details and logs. */
    public String describe() {
        return (row == 0 ? "file" : "row " + row) + (column == null ? "" : ", column " + column) + " (" + rule.code() + "): "
                + message;
    }
}
