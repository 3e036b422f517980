package org.steward.featurestore.trainingset;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;
import org.springframework.stereotype.Component;
import org.steward.commons.json.Sha256;

import javax.sql.DataSource;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a snapshot out without holding it in memory. Its rows are formatted as the canonical CSV from
 * {@code COPY TO STDOUT} and hashed on the way: the hash is what the caller compares with the recorded content hash,
 * so that altered rows are refused rather than served. An export goes to a temporary file first — the canonical CSV,
 * or Parquet written by DuckDB from it with the snapshot's column types — so that nothing is sent before the rows
 * are known to be the recorded ones.
 */
@Component
class TrainingSetExport {

    private static final int BUFFER = 64 * 1024;
    private static final String UNDEFINED_TABLE = "42P01";

    /**
     * A snapshot's rows in a temporary file, and the SHA-256 of their canonical CSV (null if the snapshot's table is
     * gone). Reading {@link #open()} to its close, or {@link #discard()}, deletes the file.
     */
    record Exported(Path directory, Path file, String contentSha256) {

        /** The file's bytes; closing the stream deletes the file. */
        InputStream open() throws IOException {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        discard();
                    }
                }
            };
        }

        void discard() {
            delete(directory);
        }
    }

    private final DataSource dataSource;

    TrainingSetExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The SHA-256 of the snapshot's rows as they are now, for comparison with the one recorded when it was built; null
     * if its table is gone.
     */
    String contentSha256(TrainingSet trainingSet) throws IOException {
        return canonicalCsv(trainingSet, OutputStream.nullOutputStream());
    }

    /** Exports the rows to a temporary file; the caller serves it only if the hash is the recorded one. */
    Exported export(TrainingSet trainingSet, TrainingSetService.Format format) throws IOException {
        Path directory = Files.createTempDirectory("steward-training-set-");
        try {
            Path csv = directory.resolve("snapshot.csv");
            String sha256;
            try (OutputStream out = Files.newOutputStream(csv)) {
                sha256 = canonicalCsv(trainingSet, out);
            }
            if (format == TrainingSetService.Format.CSV || sha256 == null) {
                return new Exported(directory, csv, sha256);
            }
            Path parquet = directory.resolve("snapshot.parquet");
            parquet(trainingSet, csv, directory, parquet);
            Files.delete(csv);
            return new Exported(directory, parquet, sha256);
        } catch (IOException | RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    /** Writes the canonical CSV to {@code target} and returns its SHA-256, or null if the snapshot's table is gone. */
    private String canonicalCsv(TrainingSet trainingSet, OutputStream target) throws IOException {
        MessageDigest content = Digests.sha256();
        OutputStream out = new BufferedOutputStream(target, BUFFER);
        byte[] header = CanonicalCsv.header(trainingSet.columns());
        out.write(header);
        content.update(header);
        try (Connection connection = dataSource.getConnection()) {
            PGCopyInputStream in = new PGCopyInputStream(connection.unwrap(PGConnection.class),
                    PointInTimeSql.exportSnapshot(trainingSet.snapshotTable(), trainingSet.columns()));
            try (in) {
                PgBinary.Reader reader = new PgBinary.Reader(in, PgBinary.types(trainingSet.columns()));
                CanonicalCsv csv = new CanonicalCsv(trainingSet.columns());
                while (reader.nextRow()) {
                    int length = csv.row(reader, 0, null, 0);
                    out.write(csv.line(), 0, length);
                    content.update(csv.line(), 0, length);
                }
                reader.drain();
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return null;
            }
            throw new IOException("reading training set " + trainingSet.id() + " failed", e);
        }
        out.flush();
        return Sha256.toHex(content.digest());
    }

    private static void parquet(TrainingSet trainingSet, Path csv, Path directory, Path parquet) throws IOException {
        String columns = trainingSet.columns().stream()
                .map(c -> literal(c.name()) + ": " + literal(c.type().duckDbType()))
                .collect(Collectors.joining(", ", "{", "}"));
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckDb.createStatement()) {
            sql.execute("set memory_limit = '512MB'");
            sql.execute("set threads = 2");
            sql.execute("set temp_directory = " + literal(directory.toString()));
            sql.execute("copy (select * from read_csv(" + literal(csv.toString()) + ", header = true, "
                    + "auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, "
                    + "columns = " + columns + ")) to " + literal(parquet.toString()) + " (format parquet, compression zstd)");
        } catch (SQLException e) {
            throw new IOException("writing training set " + trainingSet.id() + " as Parquet failed", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory the operating system cleans up; what was served or refused is what matters
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
