package org.steward.featurestore.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/** JSON lines: one JSON object per line, each a row; blank lines are skipped. Columns are matched per row. */
final class JsonLinesRowReader implements RowReader {

    private final BufferedReader in;
    private final JsonRowParser parser;
    private final boolean[] absent;

    JsonLinesRowReader(BufferedReader in, IngestSchema schema) {
        this.in = in;
        this.parser = new JsonRowParser(schema);
        this.absent = new boolean[schema.size()];
    }

    @Override
    public List<Violation> headerViolations() {
        return List.of();
    }

    @Override
    public boolean[] absent() {
        return absent;
    }

    @Override
    public boolean next(long number, RawRow row, Violations sink) throws IOException {
        String line;
        try {
            do {
                line = in.readLine();
            } while (line != null && line.isBlank());
        } catch (CharacterCodingException e) {
            throw new MalformedFileException("the file is not valid UTF-8 text");
        }
        if (line == null) {
            return false;
        }
        parser.parse(line, number, row, sink);
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
