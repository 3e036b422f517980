package org.steward.featurestore.trainingset;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canonical CSV of a training set, whose SHA-256 is the snapshot's content hash and whose bytes the CSV
 * download returns: a header, then one line per row in row order, LF line ends, UTF-8. Values take their canonical
 * text ({@link Values#format}); a null is an empty field and an empty string is {@code ""}; a field is quoted
 * when it is empty or holds a comma, a quote, CR or LF, with quotes doubled.
 */
final class CanonicalCsv {

    private final ColumnType[] types;
    private final StringBuilder line = new StringBuilder(256);

    CanonicalCsv(List<Column> columns) {
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    static byte[] header(List<Column> columns) {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                header.append(',');
            }
            appendText(header, columns.get(i).name());
        }
        return header.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The line of one row whose values for these columns start at {@code values[offset]}. */
    byte[] row(Object[] values, int offset) {
        line.setLength(0);
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values[offset + i];
            if (value != null) {
                if (types[i] == ColumnType.STRING) {
                    appendText(line, (String) value);
                } else {
                    line.append(Values.format(types[i], value));
                }
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendText(StringBuilder out, String text) {
        boolean quote = text.isEmpty();
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
