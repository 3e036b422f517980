package org.steward.featurestore.ingest;

import java.io.IOException;
import java.util.List;

/** Reads a batch file row by row into the columns of its schema, holding one row in memory at a time. */
interface RowReader extends AutoCloseable {

    /** Problems with the file's columns as a whole (a CSV header, Parquet columns), found on opening: row 0. */
    List<Violation> headerViolations();

    /** For each schema column, whether the file lacks it entirely. */
    boolean[] absent();

    /**
     * Reads the next data row into {@code row} (cleared first), reporting problems of its structure (an unknown
     * JSON field, a short CSV record) to {@code sink} as row {@code number}.
     *
     * @return false at the end of the file
     * @throws MalformedFileException when the file cannot be read any further
     */
    boolean next(long number, RawRow row, Violations sink) throws IOException;

    @Override
    void close() throws IOException;
}
