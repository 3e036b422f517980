package org.steward.featurestore.trainingset;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.steward.commons.json.Sha256;

import javax.sql.DataSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
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
 * Streams a snapshot out without holding it in memory. CSV is the canonical CSV, read with {@code COPY TO STDOUT},
 * so its bytes hash to the snapshot's content hash (checked on the way out). Parquet is written by DuckDB from that
 * CSV in a temporary directory, with the snapshot's column types, then streamed from disk.
 */
@Component
class TrainingSetExport {

    private static final Logger log = LoggerFactory.getLogger(TrainingSetExport.class);
    private static final int BUFFER = 64 * 1024;

    private final DataSource dataSource;

    TrainingSetExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void csv(TrainingSet trainingSet, OutputStream target) throws IOException {
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
            throw new IOException("reading training set " + trainingSet.id() + " failed", e);
        }
        out.flush();
        String hash = Sha256.toHex(content.digest());
        if (!hash.equals(trainingSet.contentSha256())) {
            log.error("Training set {} no longer matches its content hash: recorded {}, exported {}", trainingSet.id(),
                    trainingSet.contentSha256(), hash);
        }
    }

    void parquet(TrainingSet trainingSet, OutputStream target) throws IOException {
        Path directory = Files.createTempDirectory("steward-training-set-");
        try {
            Path csv = directory.resolve("snapshot.csv");
            Path parquet = directory.resolve("snapshot.parquet");
            try (OutputStream out = Files.newOutputStream(csv)) {
                csv(trainingSet, out);
            }
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
            Files.copy(parquet, target);
            target.flush();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
