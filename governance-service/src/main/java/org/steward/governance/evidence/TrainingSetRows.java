package org.steward.governance.evidence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a training-set snapshot, read from the feature store's canonical CSV (header, LF line ends, a null as
 * an empty field and an empty string as {@code ""}) with the column types of the snapshot's record, so that a model
 * sees the same Java types it would be served: int64 as {@link Long}, float64 as {@link Double}, bool as
 * {@link Boolean}, string as {@link String}, timestamp as {@link Instant}.
 *
 * @param types column name → its type code ({@code int64}, {@code float64}, {@code bool}, {@code string},
 *              {@code timestamp}), in column order
 * @param roles column name → its role ({@code key}, {@code event_time}, {@code request}, {@code extra},
 *              {@code feature}, {@code transformation})
 */
public record TrainingSetRows(Map<String, String> types, Map<String, String> roles, List<Map<String, Object>> rows) {

    public TrainingSetRows {
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        rows = List.copyOf(rows);
    }

    /** Parses {@code csv}, whose header must name exactly the columns of {@code types}, in order. */
    static TrainingSetRows parse(byte[] csv, Map<String, String> types, Map<String, String> roles) {
        String text = new String(csv, StandardCharsets.UTF_8);
        Reader reader = new Reader(text);
        List<Field> header = reader.line();
        List<String> names = header.stream().map(Field::text).toList();
        if (!names.equals(List.copyOf(types.keySet()))) {
            throw new IllegalArgumentException("the training set's CSV header " + names + " is not its recorded columns "
                    + types.keySet());
        }
        String[] columnTypes = types.values().toArray(String[]::new);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (!reader.done()) {
            List<Field> fields = reader.line();
            if (fields.size() != names.size()) {
                throw new IllegalArgumentException("training-set row " + (rows.size() + 1) + " has " + fields.size()
                        + " fields, the header " + names.size());
            }
            Map<String, Object> row = new HashMap<>(names.size() * 2);
            for (int i = 0; i < fields.size(); i++) {
                row.put(names.get(i), value(columnTypes[i], fields.get(i), names.get(i)));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return new TrainingSetRows(types, roles, rows);
    }

    private static Object value(String type, Field field, String column) {
        if (field.text().isEmpty() && !field.quoted()) {
            return null;
        }
        String text = field.text();
        try {
            return switch (type) {
                case "int64" -> Long.parseLong(text);
                case "float64" -> Double.parseDouble(text);
                case "bool" -> Boolean.parseBoolean(text);
                case "string" -> text;
                case "timestamp" -> Instant.parse(text);
                default -> throw new IllegalArgumentException("unknown column type '" + type + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column '" + column + "' holds '" + text + "', not a " + type, e);
        }
    }

    private record Field(String text, boolean quoted) {
    }

    /** RFC 4180 fields over the whole text; quoted fields may hold commas, quotes (doubled) and line ends. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        boolean done() {
            return at >= text.length();
        }

        List<Field> line() {
            List<Field> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (inQuotes) {
                    if (c == '"' && at < text.length() && text.charAt(at) == '"') {
                        field.append('"');
                        at++;
                    } else if (c == '"') {
                        inQuotes = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    inQuotes = true;
                    quoted = true;
                } else if (c == ',') {
                    fields.add(new Field(field.toString(), quoted));
                    field.setLength(0);
                    quoted = false;
                } else if (c == '\n') {
                    break;
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            fields.add(new Field(field.toString(), quoted));
            return fields;
        }
    }
}
