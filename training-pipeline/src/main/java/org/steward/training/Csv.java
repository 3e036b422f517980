package org.steward.training;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as the feature store writes its canonical training-set CSV (RFC 4180): fields separated by commas, records by
 * LF (CRLF accepted), a field quoted when it holds a comma, a quote or a line break, with quotes doubled. An empty
 * unquoted field is a null (a missing value); a quoted empty field is the empty string.
 */
final class Csv {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int line = 1;

    Csv(Reader in) {
        this.in = in;
    }

    /** The next character, or -1 at the end; reads in blocks, since a reader's per-character read is slow. */
    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    /** The line the next record starts on, for messages. */
    int line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("line " + line + ": a quoted field is not closed");
                }
                if (c == '"') {
                    c = read();
                    if (c == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                fields.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c == '\r') {
                    c = read();
                    if (c != '\n') {
                        throw new IOException("line " + line + ": a CR not followed by LF");
                    }
                }
                if (c == '\n' || c == -1) {
                    line++;
                    return fields;
                }
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** Appends {@code value} as one field: nothing for null, quoted when empty or when it holds , " CR or LF. */
    static void appendField(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        boolean quote = value.isEmpty();
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
