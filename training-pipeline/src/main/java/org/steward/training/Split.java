package org.steward.training;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The rows of one window, in snapshot order: those whose event time lies in {@code [from, to)} and whose label is
 * present. The label must be 0 or 1.
 */
record Split(String name, PipelineSpec.Window window, int[] rows, int[] labels) {

    static Split of(String name, PipelineSpec.Window window, Snapshot snapshot, String labelColumn) {
        double[] label = snapshot.numbers(labelColumn);
        Instant from = window.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = window.to().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant[] times = snapshot.eventTimes();
        int[] rows = new int[snapshot.rows()];
        int n = 0;
        for (int r = 0; r < snapshot.rows(); r++) {
            if (!times[r].isBefore(from) && times[r].isBefore(to) && !Double.isNaN(label[r])) {
                if (label[r] != 0 && label[r] != 1) {
                    throw Snapshot.data("label '" + labelColumn + "' must be 0 or 1; row " + (r + 1) + " has " + label[r]);
                }
                rows[n++] = r;
            }
        }
        rows = Arrays.copyOf(rows, n);
        int[] labels = Arrays.stream(rows).map(r -> (int) label[r]).toArray();
        int bads = Arrays.stream(labels).sum();
        if (bads == 0 || bads == n) {
            throw Snapshot.data("the " + name + " window " + window.from() + " to " + window.to() + " has " + n
                    + " labelled rows with " + bads + " bads; it needs both goods and bads");
        }
        return new Split(name, window, rows, labels);
    }

    int size() {
        return rows.length;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of this window. */
    Split slice(int from, int to) {
        return new Split(name, window, Arrays.copyOfRange(rows, from, to), Arrays.copyOfRange(labels, from, to));
    }

    double[] numbers(Snapshot snapshot, String column) {
        double[] all = snapshot.numbers(column);
        return Arrays.stream(rows).mapToDouble(r -> all[r]).toArray();
    }

    String[] texts(Snapshot snapshot, String column) {
        String[] all = snapshot.texts(column);
        return Arrays.stream(rows).mapToObj(r -> all[r]).toArray(String[]::new);
    }
}
