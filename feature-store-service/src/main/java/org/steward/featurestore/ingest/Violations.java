package org.steward.featurestore.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations of one batch: every one is counted, the first {@value #REPORTED} are kept for the report, so
 * a file that is wrong on every one of its ten million rows still costs constant memory to refuse.
 */
public final class Violations {

    public static final int REPORTED = 100;

    private final List<Violation> first = new ArrayList<>();
    private long count;

    public void add(Violation violation) {
        count++;
        if (first.size() < REPORTED) {
            first.add(violation);
        }
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public List<Violation> reported() {
        return List.copyOf(first);
    }
}
