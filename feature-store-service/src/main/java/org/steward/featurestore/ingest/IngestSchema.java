package org.steward.featurestore.ingest;

import org.steward.featurestore.definition.Feature;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a batch for one feature view version carries, in the order rows are loaded: the join keys, then
 * {@value #EVENT_TIME}, then the features.
 */
public record IngestSchema(FeatureView view, List<Column> columns) {

    public static final String EVENT_TIME = "event_time";

    public enum Role { KEY, EVENT_TIME, FEATURE }

    /**
     * One column and its rules.
     *
     * @param type    the declared type; null for the event time, which is always an instant
     * @param feature the feature's declaration (nullability, range, allowed values, PII), or null for keys and time
     */
    public record Column(String name, Role role, FeatureType type, Feature feature) {

        /** Keys and the event time are always required; a feature unless it is declared nullable. */
        public boolean required() {
            return feature == null || !feature.nullable();
        }

        /** A PII feature's values never appear in a report. */
        public boolean pii() {
            return feature != null && feature.pii();
        }
    }

    /**
     * How a file's own columns (a CSV header, Parquet columns) line up with the schema.
     *
     * @param targets    for each file column, the schema column it fills, or -1 when it is not one
     * @param absent     for each schema column, whether the file lacks it (required ones are already reported)
     * @param violations missing, unknown and repeated columns, at row 0
     */
    public record Header(int[] targets, boolean[] absent, List<Violation> violations) {
    }

    public IngestSchema {
        columns = List.copyOf(columns);
    }

    public static IngestSchema of(FeatureView view, List<JoinKey> keys) {
        List<Column> columns = new ArrayList<>();
        keys.forEach(k -> columns.add(new Column(k.name(), Role.KEY, k.type(), null)));
        columns.add(new Column(EVENT_TIME, Role.EVENT_TIME, null, null));
        view.features().forEach(f -> columns.add(new Column(f.name(), Role.FEATURE, f.type(), f)));
        return new IngestSchema(view, columns);
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The schema column called {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** Matches a file's column names against the schema. */
    public Header header(List<String> names) {
        int[] targets = new int[names.size()];
        boolean[] absent = new boolean[size()];
        Arrays.fill(absent, true);
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            int target = indexOf(name);
            targets[j] = -1;
            if (seen.putIfAbsent(name, j) != null) {
                violations.add(new Violation(0, name, Rule.SCHEMA, null, "the column appears more than once"));
            } else if (target < 0) {
                violations.add(new Violation(0, name, Rule.SCHEMA, null, "unknown column: " + view.reference()
                        + " has " + String.join(", ", names())));
            } else {
                targets[j] = target;
                absent[target] = false;
            }
        }
        for (int i = 0; i < size(); i++) {
            Column column = columns.get(i);
            if (absent[i] && column.required()) {
                violations.add(new Violation(0, column.name(), Rule.SCHEMA, null, "missing column: " + describe(column)));
            }
        }
        return new Header(targets, absent, violations);
    }

    private String describe(Column column) {
        return switch (column.role()) {
            case KEY -> "every row needs the join key " + column.name();
            case EVENT_TIME -> "every row needs its event time (an ISO-8601 instant or a date)";
            case FEATURE -> column.name() + " is not nullable in " + view.reference();
        };
    }
}
