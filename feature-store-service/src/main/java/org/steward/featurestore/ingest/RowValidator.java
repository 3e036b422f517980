package org.steward.featurestore.ingest;

import org.steward.featurestore.definition.Feature;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.ingest.IngestSchema.Column;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Checks a row against every rule of its schema and, when it passes, writes it as one line of PostgreSQL's COPY
 * text format in the schema's column order followed by the batch id. Values are re-rendered from what was
 * parsed, never copied through, so what lands is exactly what was checked.
 */
final class RowValidator {

    /** How far ahead of the service's clock an event time may be: clocks drift, the future does not arrive early. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final IngestSchema schema;
    private final boolean[] absent;
    private final Instant latest;
    private final String batchId;
    private final String[] canonical;
    private final int eventTimeIndex;
    private Instant eventTime;

    /**
     * @param absent schema columns the file lacks entirely: their absence was reported once, for the header
     * @param now    the service's clock when the batch arrived
     */
    RowValidator(IngestSchema schema, boolean[] absent, Instant now, UUID batchId) {
        this.schema = schema;
        this.absent = absent.clone();
        this.latest = now.plus(FUTURE_TOLERANCE);
        this.batchId = batchId.toString();
        this.canonical = new String[schema.size()];
        this.eventTimeIndex = schema.indexOf(IngestSchema.EVENT_TIME);
    }

    /** Checks {@code raw}; every violation goes to {@code sink}. Returns whether the row passed. */
    boolean validate(long row, RawRow raw, Violations sink) {
        long before = sink.count();
        eventTime = null;
        for (int i = 0; i < canonical.length; i++) {
            canonical[i] = null;
            if (!absent[i] && !raw.reported(i)) {
                check(row, schema.column(i), i, raw.get(i), sink);
            }
        }
        return sink.count() == before;
    }

    /** The event time of the last row that passed. */
    Instant eventTime() {
        return eventTime;
    }

    /** Appends the last row that passed as a COPY text line: tab-separated, {@code \N} for null, escaped. */
    void appendCopyLine(StringBuilder out) {
        for (String value : canonical) {
            if (value == null) {
                out.append("\\N");
            } else {
                escape(value, out);
            }
            out.append('\t');
        }
        out.append(batchId).append('\n');
    }

    private void check(long row, Column column, int i, String text, Violations sink) {
        boolean exactText = column.type() == FeatureType.STRING && column.role() == IngestSchema.Role.FEATURE;
        if (text == null || (!exactText && text.isBlank())) {
            if (column.required()) {
                sink.add(violation(row, column, Rule.NULL, text, switch (column.role()) {
                    case KEY -> "a join key cannot be empty";
                    case EVENT_TIME -> "every row needs its event time";
                    case FEATURE -> "not nullable in " + schema.view().reference();
                }));
            }
            return;
        }
        if (column.role() == IngestSchema.Role.EVENT_TIME) {
            checkEventTime(row, column, text, sink);
            return;
        }
        String rendered = render(column.type(), column.type() == FeatureType.STRING ? text : text.strip());
        if (rendered == null) {
            sink.add(violation(row, column, Rule.TYPE, text, "not " + expected(column.type())));
        } else if (inRange(row, column, text, rendered, sink)) {
            if (allowed(column.feature(), rendered)) {
                canonical[i] = rendered;
            } else {
                sink.add(violation(row, column, Rule.ALLOWED, text, "not one of the allowed values "
                        + column.feature().allowedValues()));
            }
        }
    }

    /** The value in the form PostgreSQL reads back exactly, or null if the text is not of the type. */
    private static String render(FeatureType type, String text) {
        return switch (type) {
            case INT64 -> {
                Long v = Values.int64(text);
                yield v == null ? null : Long.toString(v);
            }
            case FLOAT64 -> {
                Double v = Values.float64(text);
                yield v == null ? null : Double.toString(v);
            }
            case BOOL -> {
                Boolean v = Values.bool(text);
                yield v == null ? null : v.toString();
            }
            case STRING -> text.indexOf('\0') >= 0 ? null : text;
        };
    }

    private void checkEventTime(long row, Column column, String text, Violations sink) {
        Instant time = Values.instant(text.strip());
        if (time == null) {
            sink.add(violation(row, column, Rule.TYPE, text,
                    "not an ISO-8601 instant with Z or an offset (2024-03-01T10:15:30Z) or a date (2024-03-01)"));
        } else if (time.isBefore(Instant.EPOCH)) {
            sink.add(violation(row, column, Rule.EVENT_TIME, text, "before 1970-01-01T00:00:00Z"));
        } else if (time.isAfter(latest)) {
            sink.add(violation(row, column, Rule.EVENT_TIME, text,
                    "more than a day in the future (the latest accepted is " + latest + ")"));
        } else {
            eventTime = time;
            canonical[eventTimeIndex] = time.toString();
        }
    }

    /** Reports a number outside the feature's declared bounds (both inclusive); returns whether it is inside. */
    private boolean inRange(long row, Column column, String text, String rendered, Violations sink) {
        Feature feature = column.feature();
        if (feature == null || (feature.min() == null && feature.max() == null)
                || (column.type() != FeatureType.INT64 && column.type() != FeatureType.FLOAT64)) {
            return true;
        }
        double value = Double.parseDouble(rendered);
        if (feature.min() != null && value < feature.min()) {
            sink.add(violation(row, column, Rule.RANGE, text, "below the minimum " + bound(feature.min())));
            return false;
        }
        if (feature.max() != null && value > feature.max()) {
            sink.add(violation(row, column, Rule.RANGE, text, "above the maximum " + bound(feature.max())));
            return false;
        }
        return true;
    }

    private static boolean allowed(Feature feature, String rendered) {
        return feature == null || feature.allowedValues().isEmpty() || feature.allowedValues().contains(rendered);
    }

    private static Violation violation(long row, Column column, Rule rule, String text, String message) {
        if (column.pii()) {
            return new Violation(row, column.name(), rule, null, message + " (the value of a PII feature is withheld)");
        }
        return new Violation(row, column.name(), rule, text == null || text.isEmpty() ? null : text, message);
    }

    private static String expected(FeatureType type) {
        return switch (type) {
            case INT64 -> "an int64 (a whole number)";
            case FLOAT64 -> "a finite float64 number";
            case BOOL -> "a bool (true or false)";
            case STRING -> "a string without NUL characters";
        };
    }

    private static String bound(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static void escape(String value, StringBuilder out) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
