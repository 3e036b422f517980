package org.steward.featurestore.trainingset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes with {@code ""} for a quote,
 * records ended by LF or CRLF. It keeps the one distinction a training set needs that most readers drop: an
 * unquoted empty field is a null, a quoted one ({@code ""}) an empty string. Blank lines are skipped, and a
 * leading byte-order mark is ignored.
 */
final class CsvReader {

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line the last record returned by {@link #next()} started on (1-based), for error reports. */
    long line() {
        return recordLine;
    }

    /**
     * The next record, or null at the end of the input.
     *
     * @throws CsvException if a quoted field is not closed or text follows a closing quote
     */
    List<String> next() throws IOException {
        int c = read();
        while (c == '\n' || c == '\r') {
            c = read();
        }
        if (c == -1) {
            return null;
        }
        if (recordLine == 0 && c == '\uFEFF') {
            c = read();
        }
        recordLine = line;
        List<String> record = new ArrayList<>();
        while (true) {
            field.setLength(0);
            boolean quoted = false;
            if (c == '"') {
                quoted = true;
                while (true) {
                    c = read();
                    if (c == -1) {
                        throw new CsvException("line " + recordLine + ": a quoted field is not closed before the end of the file");
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break;
                        }
                    }
                    field.append((char) c);
                }
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new CsvException("line " + line + ": unexpected character after a closing quote; a quote inside "
                            + "a quoted field is written twice (\"\")");
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    if (c == '"') {
                        throw new CsvException("line " + line + ": a quote inside an unquoted field; quote the whole field "
                                + "and write the quote twice (\"\")");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            record.add(quoted || !field.isEmpty() ? field.toString() : null);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                c = read();
                if (c != '\n' && c != -1) {
                    position--;
                }
            }
            return record;
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        char c = buffer[position++];
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /** Malformed CSV; the message names the line. */
    static final class CsvException extends RuntimeException {
        CsvException(String message) {
            super(message);
        }
    }
}
