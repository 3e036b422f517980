package org.steward.benchmarks.synthetic;

import org.postgresql.PGConnection;
import org.steward.featurestore.definition.FeatureType;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The synthetic bank's rows in the forms a peer reads them — Parquet files for a file offline store, tables for
 * a PostgreSQL one — made from the very CSV batches Steward ingests, so every tool sees the same values. Each row
 * also gets a {@value #CREATED} column: its batch's {@link SyntheticDataset.Batch#loadedAt() load time}. Steward
 * stamps its own created time when it ingests a batch, so both order a correction after the row it corrects.
 */
public final class PeerFormats {

    public static final String CREATED = "created_timestamp";

    private PeerFormats() {
    }

    /**
     * Writes {@code <view>.parquet} per view into {@code directory} with DuckDB (event and created times as
     * UTC timestamps, features with their types, nulls as nulls).
     *
     * @return the files by view name
     */
    public static Map<String, Path> writeParquet(SyntheticDataset data, Path directory) throws SQLException, IOException {
        Files.createDirectories(directory);
        Map<String, Path> files = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            sql.execute("set threads = 2");
            sql.execute("set preserve_insertion_order = false");
            sql.execute("set TimeZone = 'UTC'");
            for (SyntheticView view : data.views()) {
                Path file = directory.resolve(view.name() + ".parquet").toAbsolutePath();
                List<SyntheticDataset.Batch> batches = data.batches(view);
                String paths = batches.stream().map(b -> literal(b.file().toAbsolutePath().toString()))
                        .collect(Collectors.joining(", ", "[", "]"));
                String loads = batches.stream().map(b -> "(" + literal(b.file().toAbsolutePath().toString()) + ", timestamptz "
                        + literal(b.loadedAt().toString()) + ")").collect(Collectors.joining(", "));
                String types = "{" + literal(SyntheticBank.JOIN_KEY) + ": 'VARCHAR', " + literal(SyntheticBank.EVENT_TIME)
                        + ": 'TIMESTAMPTZ', " + view.features().stream().map(f -> literal(f.name()) + ": " + literal(duckType(f.type())))
                        .collect(Collectors.joining(", ")) + "}";
                String columns = "r." + SyntheticBank.JOIN_KEY + ", r." + SyntheticBank.EVENT_TIME + ", "
                        + view.features().stream().map(f -> "r." + f.name()).collect(Collectors.joining(", "));
                sql.execute("copy (select " + columns + ", b." + CREATED + " from read_csv(" + paths + ", header = true, "
                        + "auto_detect = false, columns = " + types + ", filename = true) r join (values " + loads + ") b(file, "
                        + CREATED + ") on r.filename = b.file) to " + literal(file.toString()) + " (format parquet)");
                files.put(view.name(), file);
            }
        }
        return files;
    }

    /**
     * Creates one table per view in {@code schema} (dropped first if it exists) and loads every batch into it with
     * COPY, then indexes it by customer and event time, as Steward's offline tables are, and vacuums and analyses it.
     */
    public static void loadPostgres(Connection connection, SyntheticDataset data, String schema) throws SQLException, IOException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("drop schema if exists " + schema + " cascade");
            sql.execute("create schema " + schema);
            for (SyntheticView view : data.views()) {
                String table = schema + "." + view.name();
                sql.execute("create table " + table + " (" + SyntheticBank.JOIN_KEY + " text not null, " + SyntheticBank.EVENT_TIME
                        + " timestamptz not null, " + view.features().stream().map(f -> f.name() + " " + f.type().sqlType())
                        .collect(Collectors.joining(", ")) + ", " + CREATED + " timestamptz not null)");
                String columns = SyntheticBank.JOIN_KEY + ", " + SyntheticBank.EVENT_TIME + ", "
                        + view.features().stream().map(SyntheticFeature::name).collect(Collectors.joining(", "));
                for (SyntheticDataset.Batch batch : data.batches(view)) {
                    sql.execute("alter table " + table + " alter column " + CREATED + " set default '" + batch.loadedAt() + "'");
                    try (Reader in = Files.newBufferedReader(batch.file(), StandardCharsets.UTF_8)) {
                        connection.unwrap(PGConnection.class).getCopyAPI()
                                .copyIn("copy " + table + " (" + columns + ") from stdin (format csv, header true)", in);
                    }
                }
                sql.execute("alter table " + table + " alter column " + CREATED + " drop default");
                sql.execute("create index on " + table + " (" + SyntheticBank.JOIN_KEY + ", " + SyntheticBank.EVENT_TIME + ")");
                sql.execute("vacuum (analyze) " + table);
            }
        }
    }

    private static String duckType(FeatureType type) {
        return switch (type) {
            case INT64 -> "BIGINT";
            case FLOAT64 -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case STRING -> "VARCHAR";
        };
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
