package org.steward.featurestore.trainingset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical CSV of a training set, whose SHA-256 is the snapshot's content hash and whose bytes the CSV
 * download returns: a header, then one line per row in row order, LF line ends, UTF-8. Values take their canonical
 * text ({@link Values#format}); a null is an empty field and an empty string is {@code ""}; a field is quoted
 * when it is empty or holds a comma, a quote, CR or LF, with quotes doubled.
 *
 * <p>A row read from PostgreSQL's binary COPY is formatted from its bytes, into a line buffer this object reuses:
 * a million rows of thirty values would otherwise box, decode and re-encode every value on the way to the hash.
 */
final class CanonicalCsv {

    private final ColumnType[] types;
    private byte[] line = new byte[512];
    private int length;

    CanonicalCsv(List<Column> columns) {
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    static byte[] header(List<Column> columns) {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                header.append(',');
            }
            String name = columns.get(i).name();
            boolean quote = name.isEmpty() || name.chars().anyMatch(CanonicalCsv::special);
            header.append(quote ? '"' + name.replace("\"", "\"\"") + '"' : name);
        }
        return header.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Formats the line of a row into {@link #line()} and returns its length: column {@code i} is field
     * {@code first + i} of the row {@code reader} last read while the reader has that field, and
     * {@code values[offset + i]} after.
     */
    int row(PgBinary.Reader reader, int first, Object[] values, int offset) {
        length = 0;
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                put(',');
            }
            int field = first + i;
            if (field < reader.columns()) {
                appendField(reader, field);
            } else {
                appendValue(types[i], values[offset + i]);
            }
        }
        put('\n');
        return length;
    }

    /** The buffer whose first bytes are the line last formatted by {@link #row(PgBinary.Reader, int, Object[], int)}. */
    byte[] line() {
        return line;
    }

    private void appendField(PgBinary.Reader reader, int field) {
        if (reader.isNull(field)) {
            return;
        }
        switch (reader.type(field)) {
            case INT64 -> appendLong(reader.int64(field));
            case FLOAT64 -> appendAscii(Double.toString(Double.longBitsToDouble(reader.int64(field))));
            case BOOL -> appendAscii(reader.buffer()[reader.offset(field)] != 0 ? "true" : "false");
            case STRING -> appendText(reader.buffer(), reader.offset(field), reader.length(field));
            case TIMESTAMP -> appendInstant(reader.epochMicros(field));
        }
    }

    private void appendValue(ColumnType type, Object value) {
        if (value == null) {
            return;
        }
        if (type == ColumnType.STRING) {
            byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8);
            appendText(text, 0, text.length);
        } else {
            appendAscii(Values.format(type, value));
        }
    }

    /** UTF-8 text; none of the bytes that call for quotes occurs inside a multi-byte character. */
    private void appendText(byte[] text, int from, int count) {
        boolean quote = count == 0;
        for (int i = from; i < from + count && !quote; i++) {
            quote = special(text[i]);
        }
        if (!quote) {
            room(count);
            System.arraycopy(text, from, line, length, count);
            length += count;
            return;
        }
        put('"');
        for (int i = from; i < from + count; i++) {
            if (text[i] == '"') {
                put('"');
            }
            put(text[i]);
        }
        put('"');
    }

    private static boolean special(int c) {
        return c == ',' || c == '"' || c == '\n' || c == '\r';
    }

    private void appendLong(long value) {
        if (value == Long.MIN_VALUE) {
            appendAscii(Long.toString(value));
            return;
        }
        room(20);
        if (value < 0) {
            line[length++] = '-';
            value = -value;
        }
        int start = length;
        do {
            line[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte digit = line[i];
            line[i] = line[j];
            line[j] = digit;
        }
    }

    /** What {@link Instant#toString} gives for these microseconds, without its formatter. */
    private void appendInstant(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        if (date.getYear() < 1 || date.getYear() > 9999) {
            appendAscii(Instant.ofEpochSecond(seconds, micros * 1_000L).toString());
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        room(27);
        digits(date.getYear(), 4);
        line[length++] = '-';
        digits(date.getMonthValue(), 2);
        line[length++] = '-';
        digits(date.getDayOfMonth(), 2);
        line[length++] = 'T';
        digits(secondOfDay / 3600, 2);
        line[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        line[length++] = ':';
        digits(secondOfDay % 60, 2);
        if (micros != 0) {
            line[length++] = '.';
            if (micros % 1000 == 0) {
                digits(micros / 1000, 3);
            } else {
                digits(micros, 6);
            }
        }
        line[length++] = 'Z';
    }

    private void digits(int value, int count) {
        for (int i = length + count - 1; i >= length; i--) {
            line[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += count;
    }

    private void appendAscii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            line[length++] = (byte) text.charAt(i);
        }
    }

    private void put(int b) {
        room(1);
        line[length++] = (byte) b;
    }

    private void room(int bytes) {
        if (length + bytes > line.length) {
            line = Arrays.copyOf(line, Math.max(length + bytes, line.length * 2));
        }
    }
}
