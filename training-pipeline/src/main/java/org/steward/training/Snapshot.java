package org.steward.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a training set, read from its canonical CSV into typed columns: numbers ({@code int64},
 * {@code float64}) as doubles with NaN for missing, everything else as text with null for missing. Reading hashes
 * the bytes as they stream by, so the caller can prove they are the snapshot the lineage pins.
 */
public final class Snapshot {

    private static final double MAX_EXACT_INTEGER = 0x1p53;

    private final TrainingSet record;
    private final String sha256;
    private final int rows;
    private final Map<String, double[]> numbers;
    private final Map<String, String[]> texts;
    private final Instant[] eventTimes;

    private Snapshot(TrainingSet record, String sha256, int rows, Map<String, double[]> numbers,
                     Map<String, String[]> texts, Instant[] eventTimes) {
        this.record = record;
        this.sha256 = sha256;
        this.rows = rows;
        this.numbers = numbers;
        this.texts = texts;
        this.eventTimes = eventTimes;
    }

    /**
     * Reads the canonical CSV of {@code record} from {@code csv}, to its end.
     *
     * @throws PipelineException (data) when the header or a value disagrees with the record's columns
     */
    public static Snapshot read(TrainingSet record, InputStream csv) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
        List<TrainingSet.Column> columns = record.columns();
        var reader = new Csv(new InputStreamReader(new DigestInputStream(csv, digest), StandardCharsets.UTF_8));
        List<String> header = reader.next();
        List<String> expected = columns.stream().map(TrainingSet.Column::name).toList();
        if (!expected.equals(header)) {
            throw data("training set " + record.id() + ": the CSV header " + header + " is not the recorded columns "
                    + expected);
        }
        int width = columns.size();
        List<double[]> numberColumns = new ArrayList<>();
        List<String[]> textColumns = new ArrayList<>();
        int capacity = (int) Math.min(Math.max(record.rowCount(), 16), Integer.MAX_VALUE - 8);
        for (TrainingSet.Column column : columns) {
            numberColumns.add(column.numeric() ? new double[capacity] : null);
            textColumns.add(column.numeric() ? null : new String[capacity]);
        }
        // Categories repeat: keep one copy of each. Keys, times and extras are mostly distinct: keep them as read.
        List<Map<String, String>> interned = new ArrayList<>();
        columns.forEach(c -> interned.add(c.entity() && !c.role().equals("request") ? null : new HashMap<>()));
        int rows = 0;
        for (List<String> fields = reader.next(); fields != null; fields = reader.next()) {
            if (fields.size() != width) {
                throw data("training set " + record.id() + ", line " + (reader.line() - 1) + ": " + fields.size()
                        + " fields, expected " + width);
            }
            if (rows == capacity) {
                capacity = Math.multiplyExact(capacity, 2);
                for (int c = 0; c < width; c++) {
                    if (numberColumns.get(c) != null) {
                        numberColumns.set(c, Arrays.copyOf(numberColumns.get(c), capacity));
                    } else {
                        textColumns.set(c, Arrays.copyOf(textColumns.get(c), capacity));
                    }
                }
            }
            for (int c = 0; c < width; c++) {
                String value = fields.get(c);
                if (numberColumns.get(c) != null) {
                    numberColumns.get(c)[rows] = number(value, columns.get(c), record, rows);
                } else {
                    Map<String, String> copies = interned.get(c);
                    textColumns.get(c)[rows] = value == null || copies == null ? value : copies.computeIfAbsent(value, v -> v);
                }
            }
            rows++;
        }
        Map<String, double[]> numbers = new LinkedHashMap<>();
        Map<String, String[]> texts = new LinkedHashMap<>();
        Instant[] eventTimes = null;
        for (int c = 0; c < width; c++) {
            TrainingSet.Column column = columns.get(c);
            if (numberColumns.get(c) != null) {
                numbers.put(column.name(), Arrays.copyOf(numberColumns.get(c), rows));
            } else {
                String[] values = Arrays.copyOf(textColumns.get(c), rows);
                texts.put(column.name(), values);
                if (column.role().equals("event_time")) {
                    eventTimes = instants(values, record);
                }
            }
        }
        if (eventTimes == null) {
            throw data("training set " + record.id() + " has no event_time column");
        }
        return new Snapshot(record, HexFormat.of().formatHex(digest.digest()), rows, numbers, texts, eventTimes);
    }

    /** The feature store's record of this snapshot. */
    public TrainingSet record() {
        return record;
    }

    /** The SHA-256 of the bytes read, to compare with the record's content hash. */
    public String sha256() {
        return sha256;
    }

    public int rows() {
        return rows;
    }

    Instant[] eventTimes() {
        return eventTimes;
    }

    /** The column named {@code name}, or a data error naming what the training set offers. */
    TrainingSet.Column column(String name) {
        return record.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> data("the training set has no column '" + name + "'; it has "
                        + record.columns().stream().map(TrainingSet.Column::name).toList()));
    }

    double[] numbers(String name) {
        double[] values = numbers.get(name);
        if (values == null) {
            throw data("column '" + name + "' is " + column(name).type() + ", not a number");
        }
        return values;
    }

    String[] texts(String name) {
        String[] values = texts.get(name);
        if (values == null) {
            throw data("column '" + name + "' is " + column(name).type() + ", not text");
        }
        return values;
    }

    /**
     * The entity rows this snapshot was built from — its key, event time, request and extra columns in canonical
     * text — so that the feature store can build the same join again from its current sources.
     */
    byte[] entityRowsCsv() {
        List<TrainingSet.Column> entity = record.columns().stream().filter(TrainingSet.Column::entity).toList();
        StringBuilder out = new StringBuilder(rows * 64);
        for (int c = 0; c < entity.size(); c++) {
            out.append(c == 0 ? "" : ",");
            Csv.appendField(out, entity.get(c).name());
        }
        out.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < entity.size(); c++) {
                TrainingSet.Column column = entity.get(c);
                if (c > 0) {
                    out.append(',');
                }
                if (column.numeric()) {
                    double value = numbers.get(column.name())[r];
                    if (!Double.isNaN(value)) {
                        out.append(column.type().equals("int64") ? Long.toString((long) value) : Double.toString(value));
                    }
                } else {
                    Csv.appendField(out, texts.get(column.name())[r]);
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double number(String text, TrainingSet.Column column, TrainingSet record, int row) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text);
            if (column.type().equals("int64") && Math.abs(value) > MAX_EXACT_INTEGER) {
                throw data("training set " + record.id() + ", row " + (row + 1) + ": " + column.name() + " = " + text
                        + " is beyond 2^53, where a double loses integers");
            }
            return value;
        } catch (NumberFormatException e) {
            throw data("training set " + record.id() + ", row " + (row + 1) + ": " + column.name() + " = '" + text
                    + "' is not a " + column.type());
        }
    }

    private static Instant[] instants(String[] values, TrainingSet record) {
        Instant[] instants = new Instant[values.length];
        for (int r = 0; r < values.length; r++) {
            try {
                instants[r] = Instant.parse(values[r]);
            } catch (DateTimeParseException | NullPointerException e) {
                throw data("training set " + record.id() + ", row " + (r + 1) + ": event_time '" + values[r]
                        + "' is not an ISO-8601 instant");
            }
        }
        return instants;
    }

    static PipelineException data(String message) {
        return new PipelineException(PipelineException.Kind.DATA, message);
    }
}
