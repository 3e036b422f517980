package org.steward.featurestore.ingest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CsvRowReaderTest {

    private static final IngestSchema SCHEMA = IngestFixtures.SCHEMA;

    @Test
    void readsQuotedCommasQuotesAndLineBreaksAndTellsNullFromEmpty() throws IOException {
        String csv = "\uFEFFcustomer_id, event_time ,housing,email\r\n"
                + "c1,2024-01-01,\"own, mostly\",\"say \"\"hi\"\"\"\r\n"
                + "\n"
                + "c2,2024-01-02,,\"\"\n"
                + "c3,2024-01-03,\"two\nlines\",x";
        List<String[]> rows = read(csv);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("c1", "2024-01-01", null, null, "own, mostly", null, "say \"hi\"");
        assertThat(rows.get(1)).containsExactly("c2", "2024-01-02", null, null, null, null, "");
        assertThat(rows.get(2)[4]).isEqualTo("two\nlines");
    }

    @Test
    void matchesTheHeaderAgainstTheSchema() throws IOException {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("customer_id,age,colour,age\n"), SCHEMA)) {
            assertThat(reader.headerViolations()).extracting(Violation::column, Violation::rule)
                    .containsExactly(
                            tuple("colour", Rule.SCHEMA),
                            tuple("age", Rule.SCHEMA),
                            tuple("event_time", Rule.SCHEMA));
            assertThat(reader.headerViolations().get(0).message()).startsWith("unknown column: profile@2 has customer_id, event_time");
            assertThat(reader.headerViolations().get(1).message()).contains("more than once");
            assertThat(reader.headerViolations()).allMatch(v -> v.row() == 0);
            assertThat(reader.absent()).containsExactly(false, true, false, true, true, true, true);
        }
    }

    @Test
    void reportsARecordWithTheWrongNumberOfFields() throws IOException {
        Violations sink = new Violations();
        try (CsvRowReader reader = new CsvRowReader(new StringReader("customer_id,event_time\nc1,2024-01-01,extra\n"), SCHEMA)) {
            RawRow row = new RawRow(SCHEMA.size());
            assertThat(reader.next(1, row, sink)).isTrue();
            assertThat(row.reported(0)).isTrue();
            assertThat(reader.next(2, row, sink)).isFalse();
        }
        assertThat(sink.reported()).singleElement().satisfies(v -> {
            assertThat(v.row()).isEqualTo(1);
            assertThat(v.rule()).isEqualTo(Rule.SCHEMA);
            assertThat(v.message()).contains("3 fields but the header has 2");
        });
    }

    @Test
    void stopsAtBrokenQuoting() throws IOException {
        assertThatThrownBy(() -> read("customer_id,event_time\nc1,\"2024-01-01\n"))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("never closed");
        assertThatThrownBy(() -> read("customer_id,event_time\nc1,\"2024\"-01-01\n"))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("after a closing quote");
        assertThatThrownBy(() -> read("")).isInstanceOf(MalformedFileException.class).hasMessageContaining("no header row");
    }

    private static List<String[]> read(String csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv), SCHEMA)) {
            RawRow row = new RawRow(SCHEMA.size());
            Violations sink = new Violations();
            for (long n = 1; reader.next(n, row, sink); n++) {
                String[] values = new String[SCHEMA.size()];
                Arrays.setAll(values, row::get);
                rows.add(values);
            }
            assertThat(sink.isEmpty()).isTrue();
        }
        return rows;
    }
}
