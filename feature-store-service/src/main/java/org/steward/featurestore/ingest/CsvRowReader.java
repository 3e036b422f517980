package org.steward.featurestore.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 describes it, with a header row: fields separated by commas, records by CRLF or LF; a quoted
 * field may hold commas, line breaks and doubled quotes. An unquoted empty field is null, a quoted one ({@code ""})
 * is the empty string. Blank lines are skipped. A byte-order mark before the header is ignored.
 */
final class CsvRowReader implements RowReader {

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();
    private final IngestSchema.Header header;
    private final int width;

    CsvRowReader(Reader in, IngestSchema schema) throws IOException {
        this.in = in;
        if (!readRecord()) {
            throw new MalformedFileException("the file has no header row; the first line must name the columns: "
                    + String.join(",", schema.names()));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i) == null ? "" : fields.get(i).strip();
            names.add(i == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name);
        }
        this.width = names.size();
        this.header = schema.header(names);
    }

    @Override
    public List<Violation> headerViolations() {
        return header.violations();
    }

    @Override
    public boolean[] absent() {
        return header.absent();
    }

    @Override
    public boolean next(long number, RawRow row, Violations sink) throws IOException {
        if (!readRecord()) {
            return false;
        }
        row.clear();
        if (fields.size() != width) {
            sink.add(new Violation(number, null, Rule.SCHEMA, null, "the record has " + fields.size()
                    + " fields but the header has " + width + " (an unquoted comma or line break in a value?)"));
            row.markAllReported();
            return true;
        }
        int[] targets = header.targets();
        for (int j = 0; j < width; j++) {
            if (targets[j] >= 0) {
                row.set(targets[j], fields.get(j));
            }
        }
        return true;
    }

    /** Reads the next non-blank record into {@link #fields}; false at the end of the file. */
    private boolean readRecord() throws IOException {
        int c;
        do {
            c = read();
            if (c == '\r' && peek() == '\n') {
                c = read();
            }
        } while (c == '\n' || c == '\r');
        if (c == EOF) {
            return false;
        }
        fields.clear();
        while (true) {
            field.setLength(0);
            boolean quoted = c == '"';
            if (quoted) {
                c = quotedField();
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(quoted ? field.toString() : field.isEmpty() ? null : field.toString());
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            return true;
        }
    }

    /** Reads a quoted field's content into {@link #field}; returns the character after its closing quote. */
    private int quotedField() throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new MalformedFileException("a quoted field is never closed (a missing \")");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    if (next != ',' && next != '\n' && next != '\r' && next != EOF) {
                        throw new MalformedFileException("unexpected character '" + (char) next
                                + "' after a closing quote; a quote inside a quoted field is written twice (\"\")");
                    }
                    return next;
                }
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        try {
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            return n > 0;
        } catch (CharacterCodingException e) {
            throw new MalformedFileException("the file is not valid UTF-8 text");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
