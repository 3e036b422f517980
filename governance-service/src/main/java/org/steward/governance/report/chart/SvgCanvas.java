package org.steward.governance.report.chart;

import java.util.Locale;

/** Draws into an inline SVG element; numbers are written with two decimals so the text is the same everywhere. */
public final class SvgCanvas implements Canvas {

    private final StringBuilder svg = new StringBuilder();

    private SvgCanvas(double width, double height, String title) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" font-family=\"").append(ChartFont.CSS_FAMILY)
                .append("\"><title>").append(escape(title)).append("</title>");
    }

    /** The chart as one {@code <svg>} element. */
    public static String render(Chart chart) {
        double[] size = ChartRenderer.size(chart);
        SvgCanvas canvas = new SvgCanvas(size[0], size[1], chart.title());
        ChartRenderer.draw(chart, canvas);
        return canvas.svg.append("</svg>").toString();
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width, boolean dashed) {
        svg.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(colour(rgb)).append("\" stroke-width=\"")
                .append(n(width)).append(dashed ? "\" stroke-dasharray=\"5,4\"/>" : "\"/>");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int rgb, double width) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour(rgb)).append("\" stroke-width=\"").append(n(width))
                .append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            svg.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        svg.append("\"/>");
    }

    @Override
    public void rect(double x, double y, double width, double height, int rgb) {
        svg.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" fill=\"").append(colour(rgb)).append("\"/>");
    }

    @Override
    public void circle(double x, double y, double radius, int rgb) {
        svg.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"").append(n(radius))
                .append("\" fill=\"").append(colour(rgb)).append("\"/>");
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, int rgb, boolean bold,
                     boolean vertical) {
        svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append("\" fill=\"").append(colour(rgb)).append("\" text-anchor=\"")
                .append(anchor.name().toLowerCase(Locale.ROOT)).append('"');
        if (bold) {
            svg.append(" font-weight=\"bold\"");
        }
        if (vertical) {
            svg.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        svg.append('>').append(escape(text)).append("</text>");
    }

    private static String n(double v) {
        String text = String.format(Locale.ROOT, "%.2f", v);
        return text.endsWith(".00") ? text.substring(0, text.length() - 3) : text;
    }

    private static String colour(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
