package org.steward.governance.report;

import org.steward.governance.report.chart.Chart;

import java.util.List;

/**
 * A validation report as structure — sections of text, key-value lists, tables and charts — written once and
 * rendered twice, by {@link HtmlReport} and {@link PdfReport}, so both formats say the same.
 *
 * @param heading lines under the title that identify what the report is about
 * @param footer  the line every PDF page ends with: model, version, evidence id, artifact hash
 */
public record ReportDocument(String title, List<String> heading, String footer, List<Section> sections) {

    public ReportDocument {
        heading = List.copyOf(heading);
        sections = List.copyOf(sections);
    }

    public record Section(String title, List<Block> blocks) {

        public Section {
            blocks = List.copyOf(blocks);
        }
    }

    /** One element of a section. */
    public sealed interface Block permits Subheading, Text, Pairs, Table, Figure {
    }

    public record Subheading(String text) implements Block {
    }

    /** A paragraph; a warning stands out (a flagged group, a missing attribute, a failed gate). */
    public record Text(String text, boolean warning) implements Block {

        public static Text of(String text) {
            return new Text(text, false);
        }
    }

    /** Label-value lines. */
    public record Pairs(List<Pair> pairs) implements Block {

        public Pairs {
            pairs = List.copyOf(pairs);
        }

        public record Pair(String label, String value) {
        }
    }

    /**
     * @param flagged for each row, whether it is highlighted (a failing gate, a flagged group, an open finding)
     */
    public record Table(List<String> headers, List<List<String>> rows, List<Boolean> flagged) implements Block {

        public Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
            flagged = List.copyOf(flagged);
            if (flagged.size() != rows.size()) {
                throw new IllegalArgumentException("one flag per row");
            }
        }
    }

    public record Figure(Chart chart) implements Block {
    }
}
