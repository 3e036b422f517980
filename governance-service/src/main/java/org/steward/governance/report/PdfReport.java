package org.steward.governance.report;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.steward.governance.report.ReportDocument.Block;
import org.steward.governance.report.chart.ChartRenderer;
import org.steward.governance.report.chart.RasterCanvas;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * The report as an A4 PDF, laid out directly with PDFBox: wrapped text, tables that repeat their header across
 * pages, charts as PNG images, a footer naming the evidence and the artifact on every page. Output is deterministic
 * for the same document: the standard Helvetica fonts (not embedded), the document id derived from the evidence, and
 * the evidence time as the only date.
 */
public final class PdfReport {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 48;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float BOTTOM = MARGIN + 18;
    private static final float TEXT_SIZE = 9.5f;
    private static final float CELL_SIZE = 7.5f;
    private static final float CELL_PADDING = 2.5f;
    private static final float LABEL_WIDTH = 150;
    /** Chart pixels per point: sharp in print without making the file heavy. */
    private static final double CHART_SCALE = 2.5;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color GREY = new Color(0x66, 0x66, 0x66);
    private static final Color WARNING = new Color(0xB0, 0x00, 0x20);
    private static final Color HEADER_FILL = new Color(0xEE, 0xEE, 0xEE);
    private static final Color FLAG_FILL = new Color(0xFD, 0xE2, 0xE2);
    private static final Color RULE = new Color(0xBB, 0xBB, 0xBB);
    /** What the standard fonts' encoding (WinAnsi) lacks, spelt with what it has. */
    private static final Map<Integer, String> SUBSTITUTES = Map.of(0x2264, "<=", 0x2265, ">=", 0x2212, "-",
            0x2192, "->", 0x2248, "~", 0x221E, "inf");

    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Integer, String> encodable = new HashMap<>();
    private PDPageContentStream content;
    private float y;

    private PdfReport() {
    }

    /**
     * @param time the evidence time, the PDF's creation date
     * @param seed fixes the PDF's document id, which PDFBox otherwise derives from the clock
     */
    public static byte[] render(ReportDocument report, Instant time, long seed) {
        PdfReport pdf = new PdfReport();
        try (PDDocument document = pdf.document) {
            pdf.write(report);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(pdf.safe(report.title()));
            info.setCreator("Steward");
            info.setProducer("Steward");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(time.toEpochMilli());
            info.setCreationDate(created);
            document.setDocumentId(seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PDF report", e);
        }
    }

    private void write(ReportDocument report) throws IOException {
        newPage();
        paragraph(report.title(), bold, 17, INK, 22);
        for (String line : report.heading()) {
            paragraph(line, regular, 8.5f, GREY, 11);
        }
        for (ReportDocument.Section section : report.sections()) {
            space(14);
            ensure(60);
            paragraph(section.title(), bold, 13, INK, 17);
            rule();
            space(4);
            for (Block block : section.blocks()) {
                block(block);
            }
        }
        content.close();
        footers(report.footer());
    }

    private void block(Block block) throws IOException {
        switch (block) {
            case ReportDocument.Subheading s -> {
                space(6);
                ensure(40);
                paragraph(s.text(), bold, 10.5f, INK, 14);
            }
            case ReportDocument.Text t -> {
                paragraph(t.text(), t.warning() ? bold : regular, TEXT_SIZE, t.warning() ? WARNING : INK, 12.5f);
                space(4);
            }
            case ReportDocument.Pairs p -> {
                for (ReportDocument.Pairs.Pair pair : p.pairs()) {
                    List<String> labels = wrap(pair.label(), bold, TEXT_SIZE, LABEL_WIDTH - 10);
                    List<String> values = wrap(pair.value(), regular, TEXT_SIZE, WIDTH - LABEL_WIDTH);
                    int lines = Math.max(labels.size(), values.size());
                    ensure(lines * 12.5f);
                    for (int i = 0; i < lines; i++) {
                        if (i < labels.size()) {
                            text(MARGIN, y - TEXT_SIZE, labels.get(i), bold, TEXT_SIZE, INK);
                        }
                        if (i < values.size()) {
                            text(MARGIN + LABEL_WIDTH, y - TEXT_SIZE, values.get(i), regular, TEXT_SIZE, INK);
                        }
                        y -= 12.5f;
                    }
                }
                space(6);
            }
            case ReportDocument.Table t -> table(t);
            case ReportDocument.Figure f -> figure(f);
        }
    }

    private void table(ReportDocument.Table table) throws IOException {
        float[] widths = columnWidths(table);
        row(table.headers(), widths, HEADER_FILL, bold, true);
        for (int r = 0; r < table.rows().size(); r++) {
            if (row(table.rows().get(r), widths, table.flagged().get(r) ? FLAG_FILL : null, regular, false)) {
                row(table.headers(), widths, HEADER_FILL, bold, true);
                row(table.rows().get(r), widths, table.flagged().get(r) ? FLAG_FILL : null, regular, false);
            }
        }
        space(8);
    }

    /**
     * Draws one row; returns true without drawing when it does not fit, after starting a new page, so the caller
     * repeats the header first.
     */
    private boolean row(List<String> cells, float[] widths, Color fill, PDType1Font font, boolean header)
            throws IOException {
        List<List<String>> lines = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < cells.size(); c++) {
            List<String> wrapped = wrap(cells.get(c), font, CELL_SIZE, widths[c] - 2 * CELL_PADDING);
            lines.add(wrapped);
            height = Math.max(height, wrapped.size());
        }
        float rowHeight = height * (CELL_SIZE + 2) + 2 * CELL_PADDING;
        if (y - rowHeight < BOTTOM) {
            newPage();
            if (!header) {
                return true;
            }
        }
        float x = MARGIN;
        for (int c = 0; c < cells.size(); c++) {
            if (fill != null) {
                content.setNonStrokingColor(fill);
                content.addRect(x, y - rowHeight, widths[c], rowHeight);
                content.fill();
            }
            content.setStrokingColor(RULE);
            content.setLineWidth(0.5f);
            content.addRect(x, y - rowHeight, widths[c], rowHeight);
            content.stroke();
            float lineY = y - CELL_PADDING - CELL_SIZE;
            for (String line : lines.get(c)) {
                text(x + CELL_PADDING, lineY, line, font, CELL_SIZE, INK);
                lineY -= CELL_SIZE + 2;
            }
            x += widths[c];
        }
        y -= rowHeight;
        return false;
    }

    /**
     * Widths that never break a word when they can help it: every column gets its longest word, then the room left
     * goes to the columns in proportion to how much more their longest text needs; too wide a table shrinks.
     */
    private float[] columnWidths(ReportDocument.Table table) throws IOException {
        int n = table.headers().size();
        float[] least = new float[n];
        float[] wanted = new float[n];
        for (int c = 0; c < n; c++) {
            List<String> texts = new ArrayList<>(List.of(table.headers().get(c)));
            int column = c;
            table.rows().forEach(row -> texts.add(row.get(column)));
            for (int t = 0; t < texts.size(); t++) {
                PDType1Font font = t == 0 ? bold : regular;
                wanted[c] = Math.max(wanted[c], width(texts.get(t), font, CELL_SIZE));
                for (String word : texts.get(t).split(" ")) {
                    least[c] = Math.max(least[c], width(word, font, CELL_SIZE));
                }
            }
            least[c] += 2 * CELL_PADDING + 1;
            wanted[c] = Math.max(least[c], Math.min(wanted[c] + 2 * CELL_PADDING + 1, 220));
        }
        float leastTotal = 0;
        float extraWanted = 0;
        for (int c = 0; c < n; c++) {
            leastTotal += least[c];
            extraWanted += wanted[c] - least[c];
        }
        float[] widths = new float[n];
        float room = WIDTH - leastTotal;
        for (int c = 0; c < n; c++) {
            widths[c] = room <= 0 ? least[c] * WIDTH / leastTotal
                    : least[c] + (extraWanted == 0 ? 0 : Math.min(1, room / extraWanted) * (wanted[c] - least[c]));
        }
        return widths;
    }

    private void figure(ReportDocument.Figure figure) throws IOException {
        double[] size = ChartRenderer.size(figure.chart());
        float height = (float) (WIDTH * size[1] / size[0]);
        ensure(height + 6);
        PDImageXObject image = PDImageXObject.createFromByteArray(document,
                RasterCanvas.png(figure.chart(), CHART_SCALE), figure.chart().title() + ".png");
        content.drawImage(image, MARGIN, y - height, WIDTH, height);
        y -= height + 10;
    }

    private void paragraph(String text, PDType1Font font, float size, Color colour, float leading) throws IOException {
        for (String line : wrap(text, font, size, WIDTH)) {
            ensure(leading);
            text(MARGIN, y - size, line, font, size, colour);
            y -= leading;
        }
    }

    private void text(float x, float baseline, String text, PDType1Font font, float size, Color colour)
            throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.setNonStrokingColor(colour);
        content.newLineAtOffset(x, baseline);
        content.showText(safe(text));
        content.endText();
    }

    private void rule() throws IOException {
        content.setStrokingColor(RULE);
        content.setLineWidth(0.75f);
        content.moveTo(MARGIN, y);
        content.lineTo(MARGIN + WIDTH, y);
        content.stroke();
        y -= 2;
    }

    /** Words onto lines no wider than {@code width}; a word wider than a line is cut. */
    private List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, font, size) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (width(word, font, size) > width && word.length() > 1) {
                int cut = word.length() - 1;
                while (cut > 1 && width(word.substring(0, cut), font, size) > width) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private float width(String text, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(safe(text)) / 1000 * size;
    }

    /** The text with every character the standard fonts cannot show replaced by a spelling they can. */
    private String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(encodable.computeIfAbsent(cp, this::encodable)));
        return out.toString();
    }

    private String encodable(int codePoint) {
        String character = new String(Character.toChars(codePoint));
        try {
            regular.encode(character);
            bold.encode(character);
            return character;
        } catch (IOException | IllegalArgumentException e) {
            return SUBSTITUTES.getOrDefault(codePoint, "?");
        }
    }

    private void ensure(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    private void space(float points) {
        y -= points;
    }

    private void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = PAGE.getHeight() - MARGIN;
    }

    private void footers(String footer) throws IOException {
        int pages = document.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            try (PDPageContentStream stream = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                content = stream;
                String page = "page " + (i + 1) + " of " + pages;
                text(MARGIN, MARGIN - 4, footer, regular, 6.5f, GREY);
                text(MARGIN + WIDTH - width(page, regular, 6.5f), MARGIN - 16, page, regular, 6.5f, GREY);
            }
        }
    }
}
