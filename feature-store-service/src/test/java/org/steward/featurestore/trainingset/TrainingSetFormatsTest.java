package org.steward.featurestore.trainingset;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text and binary forms a training set's values take, without a database. */
class TrainingSetFormatsTest {

    @Test
    void csvKeepsNullsApartFromEmptyStringsAndReadsQuotesLineEndsAndAByteOrderMark() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("\uFEFFa,b,c\r\n1,,\"\"\r\n\r\n\"x,\"\"y\"\"\nz\",2,3\n"));

        assertThat(csv.next()).containsExactly("a", "b", "c");
        assertThat(csv.next()).containsExactly("1", null, "");
        assertThat(csv.next()).containsExactly("x,\"y\"\nz", "2", "3");
        assertThat(csv.line()).isEqualTo(4);
        assertThat(csv.next()).isNull();
        assertThatThrownBy(() -> new CsvReader(new StringReader("a,\"b\n")).next()).hasMessageContaining("not closed");
        assertThatThrownBy(() -> new CsvReader(new StringReader("a,b\"c\n")).next()).hasMessageContaining("unquoted");
    }

    @Test
    void commonTimestampsReadWithoutTheGeneralParserGiveTheSameInstants() {
        java.util.Random random = new java.util.Random(7);
        List<String> texts = new ArrayList<>(List.of("2024-02-29T23:59:59Z", "2025-12-31T00:00:00.000001Z",
                "2025-06-01T12:30:45.123456789Z", "2025-06-01T12:30:45.1Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                "2025-06-01 12:30:45+02:00", "2025-06-01T12:30:45.5-05:30", "2025-06-01T12:30:45+18:00", "2025-06-01t12:30:45z"));
        for (int i = 0; i < 2_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(4) == 0 ? 0
                    : random.nextInt(1_000_000_000));
            texts.add(instant.toString());
        }
        for (String text : texts) {
            Instant expected = java.time.OffsetDateTime.parse(text.replace(' ', 'T').toUpperCase(java.util.Locale.ROOT)).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            assertThat(Values.parse(ColumnType.TIMESTAMP, text)).as(text).isEqualTo(expected);
        }
        for (String bad : List.of("2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z",
                "2025-01-01T00:60:00Z", "2025-01-01T00:00:60Z", "0000-01-01T00:00:00Z", "2025-01-01T00:00:0xZ",
                "2025-01-01T-1:00:00Z", "2025-01-01T00:00:00+18:30")) {
            assertThatThrownBy(() -> Values.parse(ColumnType.TIMESTAMP, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Values.parse(ColumnType.TIMESTAMP, "2025-01-01T00:00:00.Z")).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void valuesAreReadLikeIngestAndWrittenCanonically() {
        assertThat(Values.parse(ColumnType.INT64, "42")).isEqualTo(42L);
        assertThat(Values.parse(ColumnType.INT64, "3.0")).isEqualTo(3L);
        assertThatThrownBy(() -> Values.parse(ColumnType.INT64, "3.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Values.parse(ColumnType.INT64, "99999999999999999999")).hasMessageContaining("range");
        assertThat(Values.parse(ColumnType.FLOAT64, "1e3")).isEqualTo(1000.0);
        assertThatThrownBy(() -> Values.parse(ColumnType.FLOAT64, "NaN")).hasMessageContaining("float64");
        assertThat(Values.parse(ColumnType.BOOL, "T")).isEqualTo(true);
        assertThat(Values.parse(ColumnType.TIMESTAMP, "2024-03-01")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(Values.parse(ColumnType.TIMESTAMP, "2024-03-01 10:00:00+01")).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
        assertThat(Values.parse(ColumnType.TIMESTAMP, "2024-03-01T10:00:00.1234567-0130"))
                .isEqualTo(Instant.parse("2024-03-01T11:30:00.123456Z"));
        assertThatThrownBy(() -> Values.parse(ColumnType.TIMESTAMP, "2024-03-01T10:00:00")).hasMessageContaining("offset");

        assertThat(Values.format(ColumnType.FLOAT64, 1e20)).isEqualTo("1.0E20");
        assertThat(Values.format(ColumnType.TIMESTAMP, Instant.parse("2024-03-01T10:00:00.500Z"))).isEqualTo("2024-03-01T10:00:00.500Z");
        assertThat(Values.isCanonical(ColumnType.INT64, "42")).isTrue();
        assertThat(Values.isCanonical(ColumnType.INT64, "042")).isFalse();
        assertThat(Values.isCanonical(ColumnType.FLOAT64, "0.5")).isTrue();
        assertThat(Values.isCanonical(ColumnType.FLOAT64, "1")).isFalse();
        assertThat(Values.isCanonical(ColumnType.BOOL, "True")).isFalse();
    }

    @Test
    void canonicalCsvQuotesOnlyWhatItMust() throws IOException {
        List<Column> columns = List.of(new Column("id", ColumnType.INT64, Column.Role.KEY, null),
                new Column("note, with comma", ColumnType.STRING, Column.Role.EXTRA, null),
                new Column("score", ColumnType.FLOAT64, Column.Role.FEATURE, null));
        CanonicalCsv csv = new CanonicalCsv(columns);

        assertThat(new String(CanonicalCsv.header(columns), StandardCharsets.UTF_8)).isEqualTo("id,\"note, with comma\",score\n");
        assertThat(line(csv, new Object[]{7L, "say \"hi\"", 0.1})).isEqualTo("7,\"say \"\"hi\"\"\",0.1\n");
        assertThat(line(csv, new Object[]{null, "", null})).isEqualTo(",\"\",\n");
    }

    /** The line of one row, formatted as a build does: read from a binary COPY. */
    private static String line(CanonicalCsv csv, Object[] row) throws IOException {
        ColumnType[] types = {ColumnType.INT64, ColumnType.STRING, ColumnType.FLOAT64};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PgBinary.Writer writer = new PgBinary.Writer(bytes, types);
        writer.row(row);
        writer.finish();
        PgBinary.Reader reader = new PgBinary.Reader(new ByteArrayInputStream(bytes.toByteArray()), types);
        assertThat(reader.nextRow()).isTrue();
        return new String(csv.line(), 0, csv.row(reader, 0, null, 0), StandardCharsets.UTF_8);
    }

    @Test
    void binaryCopyRoundTripsEveryTypeExactly() throws IOException {
        ColumnType[] types = ColumnType.values();
        List<Object[]> rows = List.of(
                new Object[]{Long.MIN_VALUE, -0.0, true, "é,\"\n", Instant.parse("1970-01-01T00:00:00.000001Z")},
                new Object[]{null, null, null, null, null},
                new Object[]{7L, Double.MIN_VALUE, false, "", Instant.parse("9999-12-31T23:59:59.999999Z")});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PgBinary.Writer writer = new PgBinary.Writer(bytes, types);
        for (Object[] row : rows) {
            writer.row(row);
        }
        writer.finish();

        PgBinary.Reader reader = new PgBinary.Reader(new ByteArrayInputStream(bytes.toByteArray()), types);
        List<Object[]> read = new ArrayList<>();
        while (reader.nextRow()) {
            Object[] values = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                values[i] = reader.value(i);
            }
            read.add(values);
        }
        reader.drain();
        assertThat(read).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Arrays.deepEquals(read.get(i), rows.get(i))).as("row " + i).isTrue();
        }
    }
}
