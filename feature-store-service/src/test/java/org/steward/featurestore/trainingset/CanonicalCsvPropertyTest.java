package org.steward.featurestore.trainingset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The content hash is the canonical CSV, formatted from the bytes of a binary COPY: it must be what the format says
 * of each decoded value ({@link Values#format}, quoted when empty or holding a comma, quote, CR or LF), and the bytes
 * passed on untouched must be what encoding each value again gives — for every type, nulls, quotes and non-ASCII
 * text, extreme numbers, instants from year 1 to 9999, and rows that straddle and outgrow the reader's buffer.
 */
class CanonicalCsvPropertyTest {

    private static final ColumnType[] TYPES = {ColumnType.INT64, ColumnType.STRING, ColumnType.TIMESTAMP,
            ColumnType.FLOAT64, ColumnType.BOOL, ColumnType.INT64, ColumnType.STRING, ColumnType.TIMESTAMP};
    private static final List<Column> COLUMNS = columns();

    @Property(tries = 300)
    void aRowFormattedFromItsBytesIsTheCanonicalTextOfItsValues(@ForAll("rows") List<Object[]> rows) throws IOException {
        PgBinary.Reader reader = read(rows, TYPES);
        CanonicalCsv csv = new CanonicalCsv(COLUMNS);
        Object[] values = new Object[TYPES.length];
        for (Object[] row : rows) {
            assertThat(reader.nextRow()).isTrue();
            for (int i = 0; i < TYPES.length; i++) {
                values[i] = reader.value(i);
            }
            assertThat(Arrays.deepEquals(values, row)).as("decoded").isTrue();
            int length = csv.row(reader, 0, null, 0);
            assertThat(new String(csv.line(), 0, length, StandardCharsets.UTF_8)).isEqualTo(line(row));
        }
        assertThat(reader.nextRow()).isFalse();
    }

    /** The join's rows lack the derived columns: their bytes pass on, the derived values are encoded after them. */
    @Property(tries = 200)
    void aRowPassedOnWithDerivedValuesIsTheRowWrittenFromItsValues(@ForAll("rows") List<Object[]> rows) throws IOException {
        int joined = 5;
        PgBinary.Reader reader = read(rows.stream().map(r -> Arrays.copyOf(r, joined)).toList(), Arrays.copyOf(TYPES, joined));
        ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PgBinary.Writer passing = new PgBinary.Writer(passedOn, TYPES);
        PgBinary.Writer writing = new PgBinary.Writer(written, TYPES);
        CanonicalCsv csv = new CanonicalCsv(COLUMNS);
        for (Object[] row : rows) {
            assertThat(reader.nextRow()).isTrue();
            passing.row(reader, row);
            writing.row(row);
            int length = csv.row(reader, 0, row, 0);
            assertThat(new String(csv.line(), 0, length, StandardCharsets.UTF_8)).isEqualTo(line(row));
        }
        passing.finish();
        writing.finish();
        assertThat(passedOn.toByteArray()).isEqualTo(written.toByteArray());
    }

    @Provide
    Arbitrary<List<Object[]>> rows() {
        Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        // now and then a value longer than the reader's buffer, which must grow to hold its row
        Arbitrary<String> strings = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(10, Arbitraries.of("", "a,b", "say \"hi\"", "line\nbreak", "cr\r", "é€😀", " x ")),
                Tuple.of(1, Arbitraries.just("é,".repeat(40_000))));
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L,
                        Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond() * 1_000_000L + 999_999L)
                .map(micros -> Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
        Arbitrary<Instant> roundInstants = instants.map(i -> Instant.ofEpochSecond(i.getEpochSecond(),
                i.getNano() % 3 == 0 ? 0 : i.getNano() / 1_000_000 * 1_000_000));
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e21, Double.NaN,
                        Double.POSITIVE_INFINITY));
        List<Arbitrary<?>> columns = List.of(longs, strings, Arbitraries.oneOf(instants, roundInstants), doubles,
                Arbitraries.of(true, false), longs, strings, instants);
        Arbitrary<Object[]> row = Arbitraries.just(0).flatMap(ignored -> {
            List<Arbitrary<Object>> fields = new ArrayList<>();
            for (Arbitrary<?> column : columns) {
                fields.add(column.map(v -> (Object) v).injectNull(0.15));
            }
            return Combinators.combine(fields).as(List::toArray);
        });
        return row.list().ofMaxSize(20);
    }

    /** The canonical line, from the format's definition. */
    static String line(Object[] row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (row[i] != null) {
                String text = Values.format(TYPES[i], row[i]);
                boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
                line.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
            }
        }
        return line.append('\n').toString();
    }

    private static PgBinary.Reader read(List<Object[]> rows, ColumnType[] types) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PgBinary.Writer writer = new PgBinary.Writer(bytes, types);
        for (Object[] row : rows) {
            writer.row(row);
        }
        writer.finish();
        // a trickle of a few bytes a read, so that rows straddle every refill of the reader's buffer
        return new PgBinary.Reader(new ByteArrayInputStream(bytes.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        }, types);
    }

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < TYPES.length; i++) {
            columns.add(new Column("c" + i, TYPES[i], Column.Role.FEATURE, null));
        }
        return columns;
    }
}
