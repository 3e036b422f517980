package org.steward.governance.report.chart;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one font of the charts, Liberation Sans, read from the copy PDFBox ships rather than from the system, so
 * that text is measured and drawn alike on every machine (and on a server with no fonts installed).
 */
public final class ChartFont {

    /** Where PDFBox keeps its fallback font; Liberation Sans is metric-compatible with Arial and Helvetica. */
    public static final String RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    /** How SVG names it, with fallbacks of the same metrics. */
    public static final String CSS_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif";

    private static final Font REGULAR = load();
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private ChartFont() {
    }

    public static Font font(double size, boolean bold) {
        return REGULAR.deriveFont(bold ? Font.BOLD : Font.PLAIN, (float) size);
    }

    /** The advance width of {@code text} in pixels. */
    public static double width(String text, double size, boolean bold) {
        return font(size, bold).getStringBounds(text, CONTEXT).getWidth();
    }

    /** {@code text} cut with an ellipsis to fit {@code width} pixels. */
    public static String fit(String text, double size, double width) {
        if (width(text, size, false) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(cut + "…", size, false) > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    private static Font load() {
        try (InputStream in = ChartFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: PDFBox must be on the class path");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }
}
