package org.steward.featurestore.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.steward.featurestore.ingest.IngestFixtures.NOW;
import static org.steward.featurestore.ingest.IngestFixtures.SCHEMA;

/** Every rule, checked on whole files of each format, without Spring or a database. */
class BatchValidatorTest {

    private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final String HEADER = "customer_id,event_time,age,income,housing,active,email\n";

    @TempDir
    Path dir;

    @Test
    void reportsEachBrokenRuleWithItsRowColumnAndValue() throws IOException {
        Run run = validate(BatchFormat.CSV, HEADER
                + "c1,2024-03-01,30,1000.5,own,true,a@b.c\n"
                + "c2,2024-03-01T10:00:00Z,17,,rent,,\n"
                + ",2024-03-01,40,,,,\n"
                + "c4,not-a-date,40,,,,\n"
                + "c5,2024-03-01,forty,,,,\n"
                + "c6,2024-03-01,,,,,\n"
                + "c7,2024-03-01,50,-1,,,\n"
                + "c8,2024-03-01,50,,castle,,\n"
                + "c9,2024-03-01,50,,,maybe,\n"
                + "c10,1969-12-31,50,,,,\n"
                + "c11,2024-06-02T12:00:01Z,50,,,,\n"
                + "c12,2024-06-02T12:00:00Z,100,0,,,\n"
                + "c13,2024-03-01,50,,,,\"x\u0000y\"\n");

        assertThat(run.result().rows()).isEqualTo(13);
        assertThat(run.result().valid()).isFalse();
        assertThat(run.result().violations()).extracting(Violation::row, Violation::column, Violation::rule, Violation::value)
                .containsExactly(
                        tuple(2L, "age", Rule.RANGE, "17"),
                        tuple(3L, "customer_id", Rule.NULL, null),
                        tuple(4L, "event_time", Rule.TYPE, "not-a-date"),
                        tuple(5L, "age", Rule.TYPE, "forty"),
                        tuple(6L, "age", Rule.NULL, null),
                        tuple(7L, "income", Rule.RANGE, "-1"),
                        tuple(8L, "housing", Rule.ALLOWED, "castle"),
                        tuple(9L, "active", Rule.TYPE, "maybe"),
                        tuple(10L, "event_time", Rule.EVENT_TIME, "1969-12-31"),
                        tuple(11L, "event_time", Rule.EVENT_TIME, "2024-06-02T12:00:01Z"),
                        tuple(13L, "email", Rule.TYPE, null));
        assertThat(run.result().violationCount()).isEqualTo(11);
        assertThat(run.result().violations()).extracting(Violation::message).contains(
                "below the minimum 18", "not nullable in profile@2", "below the minimum 0",
                "not one of the allowed values [own, rent, free]", "before 1970-01-01T00:00:00Z",
                "more than a day in the future (the latest accepted is 2024-06-02T12:00:00Z)",
                "not a string without NUL characters (the value of a PII feature is withheld)");
        assertThat(run.result().violations().get(0).describe()).isEqualTo("row 2, column age (range): below the minimum 18");
    }

    @Test
    void countsEveryViolationButKeepsTheFirstHundred() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 250; i++) {
            csv.append("c").append(i).append(",2024-03-01,5,,,,\n");
        }
        Run run = validate(BatchFormat.CSV, csv.toString());
        assertThat(run.result().violationCount()).isEqualTo(250);
        assertThat(run.result().violations()).hasSize(Violations.REPORTED);
        assertThat(run.result().violations().getLast().row()).isEqualTo(100);
    }

    @Test
    void writesValidRowsAsCopyTextInSchemaOrderWithTheBatchId() throws IOException {
        Run run = validate(BatchFormat.CSV, "email,active,housing,income,age,event_time,customer_id\n"
                + "\"a\\b\",TRUE,own,1e3,30,2024-03-01T10:00:00+01:00,\"c\t1\"\n"
                + ",,,,18,2024-03-02,c2\n");
        assertThat(run.result().valid()).isTrue();
        assertThat(run.result().rows()).isEqualTo(2);
        assertThat(run.result().minEventTime()).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(run.result().maxEventTime()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
        assertThat(run.copy()).isEqualTo(
                "c\\t1\t2024-03-01T09:00:00Z\t30\t1000.0\town\ttrue\ta\\\\b\t" + BATCH + "\n"
                        + "c2\t2024-03-02T00:00:00Z\t18\t\\N\t\\N\t\\N\t\\N\t" + BATCH + "\n");
    }

    @Test
    void missingNullableColumnsAreNullAndAMissingRequiredOneIsReportedOnce() throws IOException {
        Run nullable = validate(BatchFormat.CSV, "customer_id,event_time,age\nc1,2024-03-01,20\n");
        assertThat(nullable.result().valid()).isTrue();
        assertThat(nullable.copy()).isEqualTo("c1\t2024-03-01T00:00:00Z\t20\t\\N\t\\N\t\\N\t\\N\t" + BATCH + "\n");

        Run required = validate(BatchFormat.CSV, "customer_id,event_time,income,shoe_size\nc1,2024-03-01,1,2\nc2,2024-03-01,1,2\n");
        assertThat(required.result().violations()).extracting(Violation::row, Violation::column, Violation::rule)
                .containsExactly(tuple(0L, "shoe_size", Rule.SCHEMA), tuple(0L, "age", Rule.SCHEMA));
        assertThat(required.result().violations().get(1).message()).isEqualTo("missing column: age is not nullable in profile@2");
        assertThat(required.result().rows()).isEqualTo(2);
    }

    @Test
    void readsJsonLinesRowByRow() throws IOException {
        Run good = validate(BatchFormat.JSONL, """
                {"customer_id": "c1", "event_time": "2024-03-01T00:00:00Z", "age": 30, "income": 2.5, "active": false}

                {"customer_id": "c2", "event_time": "2024-03-01", "age": "41", "housing": null}
                """);
        assertThat(good.result().valid()).isTrue();
        assertThat(good.result().rows()).isEqualTo(2);
        assertThat(good.copy()).startsWith("c1\t2024-03-01T00:00:00Z\t30\t2.5\t\\N\tfalse\t\\N\t");

        Run bad = validate(BatchFormat.JSONL, """
                {"customer_id": "c1", "event_time": "2024-03-01", "age": 30, "colour": "red"}
                {"customer_id": "c2", "event_time": "2024-03-01", "age": {"years": 30}}
                {"customer_id": "c3", "event_time": "2024-03-01", "age": 30, "age": 31}
                {"customer_id": "c4", "event_time": "2024-03-01", "age": 30
                [1, 2]
                {"event_time": "2024-03-01", "age": 30}
                """);
        assertThat(bad.result().rows()).isEqualTo(6);
        assertThat(bad.result().violations()).extracting(Violation::row, Violation::column, Violation::rule).containsExactly(
                tuple(1L, "colour", Rule.SCHEMA),
                tuple(2L, "age", Rule.TYPE),
                tuple(3L, "age", Rule.SCHEMA),
                tuple(4L, null, Rule.FORMAT),
                tuple(5L, null, Rule.FORMAT),
                tuple(6L, "customer_id", Rule.NULL));
        assertThat(bad.result().violations().get(3).message()).as("no quote of a line that may hold PII")
                .matches("not valid JSON at character \\d+");
    }

    @Test
    void readsParquetWithItsOwnTypes() throws IOException, SQLException {
        Path parquet = dir.resolve("batch.parquet");
        duckdb("copy (select 'c' || i as customer_id, timestamp '2024-03-01 10:00:00' + to_hours(i) as event_time, "
                + "(20 + i)::integer as age, (i * 1.5)::float as income, 'own' as housing, i % 2 = 0 as active, "
                + "null::varchar as email from range(3) t(i)) to '" + parquet + "' (format parquet)");
        Run run = validate(BatchFormat.PARQUET, parquet);
        assertThat(run.result().valid()).as("%s", run.result().violations()).isTrue();
        assertThat(run.result().rows()).isEqualTo(3);
        assertThat(run.copy()).startsWith("c0\t2024-03-01T10:00:00Z\t20\t0.0\town\ttrue\t\\N\t")
                .contains("c2\t2024-03-01T12:00:00Z\t22\t3.0\town\ttrue\t\\N\t");

        Path nested = dir.resolve("nested.parquet");
        duckdb("copy (select 'c1' as customer_id, date '2024-03-01' as event_time, 30 as age, [1, 2] as income) to '"
                + nested + "' (format parquet)");
        assertThat(validate(BatchFormat.PARQUET, nested).result().violations()).singleElement()
                .satisfies(v -> assertThat(v.describe()).isEqualTo(
                        "file, column income (type): the Parquet column has the type INTEGER[], which is not a single value"));
    }

    @Test
    void aFileThatIsNotItsFormatIsOneFormatViolation() throws IOException {
        Path notParquet = Files.writeString(dir.resolve("x.parquet"), "customer_id,event_time\n");
        Run run = validate(BatchFormat.PARQUET, notParquet);
        assertThat(run.result().violations()).singleElement().satisfies(v -> {
            assertThat(v.row()).isZero();
            assertThat(v.rule()).isEqualTo(Rule.FORMAT);
            assertThat(v.message()).startsWith("not a readable Parquet file");
        });

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (HEADER + "c1,2024-03-01,30,,own,,\nc\u00e9,2024-03-01,30,,own,,\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(validate(BatchFormat.CSV, latin1).result().violations()).extracting(Violation::rule, Violation::message)
                .containsExactly(tuple(Rule.FORMAT, "the file is not valid UTF-8 text"));
    }

    private record Run(ValidationResult result, String copy) {
    }

    private Run validate(BatchFormat format, String content) throws IOException {
        return validate(format, Files.writeString(dir.resolve("batch-" + UUID.randomUUID()), content));
    }

    private Run validate(BatchFormat format, Path file) throws IOException {
        StringWriter copy = new StringWriter();
        ValidationResult result = new BatchValidator(SCHEMA, NOW).validate(format, file, BATCH, copy);
        return new Run(result, copy.toString());
    }

    private static void duckdb(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
