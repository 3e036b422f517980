package org.steward.featurestore.ingest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Parquet, read with an in-process DuckDB that streams the file's rows without holding them. Values become the same
 * text a CSV would carry, so one set of rules checks every format: a timestamp without a time zone is taken as
 * UTC (how pandas and Spark write them), a date as midnight UTC, a float with its shortest decimal form. Columns
 * that are not scalars (lists, structs, maps, blobs) are refused as a whole.
 */
final class ParquetRowReader implements RowReader {

    private static final Pattern SCALAR = Pattern.compile(
            "VARCHAR|BOOLEAN|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL(\\(.*\\))?|DATE|TIMESTAMP.*");

    private final Connection duckdb;
    private final ResultSet rows;
    private final int[] targets;
    private final boolean[] localTimestamp;
    private final boolean[] absent;
    private final List<Violation> violations;

    ParquetRowReader(Path file, IngestSchema schema) {
        try {
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            duckdb = DriverManager.getConnection("jdbc:duckdb:", properties);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB, which reads Parquet, cannot start: " + e.getMessage(), e);
        }
        try {
            Statement statement = duckdb.createStatement();
            statement.execute("set threads = 1");
            statement.execute("set memory_limit = '256MB'");
            rows = statement.executeQuery("select * from read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')");
            ResultSetMetaData meta = rows.getMetaData();
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            localTimestamp = new boolean[meta.getColumnCount()];
            for (int j = 0; j < meta.getColumnCount(); j++) {
                names.add(meta.getColumnName(j + 1));
                types.add(meta.getColumnTypeName(j + 1).toUpperCase(Locale.ROOT));
                localTimestamp[j] = types.get(j).startsWith("TIMESTAMP") && !types.get(j).contains("TIME ZONE");
            }
            IngestSchema.Header header = schema.header(names);
            targets = header.targets().clone();
            absent = header.absent().clone();
            violations = new ArrayList<>(header.violations());
            for (int j = 0; j < names.size(); j++) {
                if (targets[j] >= 0 && !SCALAR.matcher(types.get(j)).matches()) {
                    violations.add(new Violation(0, names.get(j), Rule.TYPE, null,
                            "the Parquet column has the type " + types.get(j) + ", which is not a single value"));
                    absent[targets[j]] = true;
                    targets[j] = -1;
                }
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new MalformedFileException("not a readable Parquet file: " + firstLine(e.getMessage()));
        }
    }

    @Override
    public List<Violation> headerViolations() {
        return violations;
    }

    @Override
    public boolean[] absent() {
        return absent;
    }

    @Override
    public boolean next(long number, RawRow row, Violations sink) {
        try {
            if (!rows.next()) {
                return false;
            }
            row.clear();
            for (int j = 0; j < targets.length; j++) {
                if (targets[j] >= 0) {
                    row.set(targets[j], text(j));
                }
            }
            return true;
        } catch (SQLException e) {
            throw new MalformedFileException("the Parquet file cannot be read past this row: " + firstLine(e.getMessage()));
        }
    }

    private String text(int j) throws SQLException {
        if (localTimestamp[j]) {
            LocalDateTime time = rows.getObject(j + 1, LocalDateTime.class);
            return time == null ? null : time.toInstant(ZoneOffset.UTC).toString();
        }
        Object value = rows.getObject(j + 1);
        return switch (value) {
            case null -> null;
            case Float f -> Float.toString(f);
            case BigDecimal d -> d.toPlainString();
            case OffsetDateTime t -> t.toInstant().toString();
            case LocalDate d -> d.toString();
            default -> value.toString();
        };
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            duckdb.close();
        } catch (SQLException ignored) {
            // an in-memory database: nothing is lost when closing it fails
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
