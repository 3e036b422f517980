package org.steward.featurestore.ingest;

import java.util.Arrays;

/** One row as a reader found it: the text of each schema column, reused from row to row to keep memory flat. */
final class RawRow {

    private final String[] values;
    private final boolean[] filled;
    private final boolean[] reported;

    RawRow(int columns) {
        values = new String[columns];
        filled = new boolean[columns];
        reported = new boolean[columns];
    }

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(filled, false);
        Arrays.fill(reported, false);
    }

    /** Sets a column's text: null for an absent or empty value. */
    void set(int column, String value) {
        values[column] = value;
        filled[column] = true;
    }

    String get(int column) {
        return values[column];
    }

    /** Whether {@link #set} was called for the column since the last {@link #clear}. */
    boolean filled(int column) {
        return filled[column];
    }

    /** The reader already reported this column's problem; the rules skip it rather than report it twice. */
    void markReported(int column) {
        reported[column] = true;
    }

    void markAllReported() {
        Arrays.fill(reported, true);
    }

    boolean reported(int column) {
        return reported[column];
    }
}
