package org.steward.governance.report.chart;

import java.util.List;
import java.util.Locale;

/** Lays a {@link Chart} out and draws it on a {@link Canvas}; the same calls make the SVG and the raster image. */
public final class ChartRenderer {

    /** Colour-blind-safe series colours (Okabe-Ito). */
    private static final int[] PALETTE = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00};
    private static final int TEXT = 0x222222;
    private static final int GRID = 0xDDDDDD;
    private static final int AXIS = 0x555555;
    private static final int REFERENCE = 0xC0392B;
    private static final double WIDTH = 640;
    private static final double HEIGHT = 340;
    private static final double TITLE_SIZE = 14;
    private static final double LABEL_SIZE = 11;
    private static final double TICK_SIZE = 10;
    private static final double TOP = 48;
    private static final double BOTTOM = 62;
    private static final double RIGHT = 20;
    private static final double LEFT = 62;
    private static final double ROW = 24;

    private ChartRenderer() {
    }

    /** The chart's size in pixels: fixed, except horizontal bars, which grow with their categories. */
    public static double[] size(Chart chart) {
        if (chart instanceof Chart.Bars bars && bars.horizontal()) {
            return new double[]{WIDTH, TOP + BOTTOM + ROW * bars.categories().size()};
        }
        return new double[]{WIDTH, HEIGHT};
    }

    public static void draw(Chart chart, Canvas canvas) {
        double[] size = size(chart);
        canvas.rect(0, 0, size[0], size[1], 0xFFFFFF);
        canvas.text(size[0] / 2, 22, chart.title(), TITLE_SIZE, Canvas.Anchor.MIDDLE, TEXT, true, false);
        switch (chart) {
            case Chart.Lines lines -> lines(lines, canvas, size);
            case Chart.Bars bars when bars.horizontal() -> horizontalBars(bars, canvas, size);
            case Chart.Bars bars -> verticalBars(bars, canvas, size);
        }
    }

    private static void lines(Chart.Lines chart, Canvas canvas, double[] size) {
        double x0 = LEFT;
        double w = size[0] - LEFT - RIGHT;
        double y0 = TOP;
        double h = size[1] - TOP - BOTTOM;
        double max = chart.max();
        for (int i = 0; i <= 5; i++) {
            double t = i / 5.0;
            double gx = x0 + t * w;
            double gy = y0 + h - t * h;
            canvas.line(gx, y0, gx, y0 + h, GRID, 1, false);
            canvas.line(x0, gy, x0 + w, gy, GRID, 1, false);
            canvas.text(gx, y0 + h + 15, format(t * max), TICK_SIZE, Canvas.Anchor.MIDDLE, AXIS, false, false);
            canvas.text(x0 - 6, gy + 4, format(t * max), TICK_SIZE, Canvas.Anchor.END, AXIS, false, false);
        }
        frame(canvas, x0, y0, w, h);
        if (chart.diagonal()) {
            canvas.line(x0, y0 + h, x0 + w, y0, 0x999999, 1, true);
        }
        for (int s = 0; s < chart.series().size(); s++) {
            Chart.Series series = chart.series().get(s);
            List<double[]> points = series.points().stream()
                    .filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1])).toList();
            double[] xs = points.stream().mapToDouble(p -> x0 + clamp(p[0] / max) * w).toArray();
            double[] ys = points.stream().mapToDouble(p -> y0 + h - clamp(p[1] / max) * h).toArray();
            int colour = PALETTE[s % PALETTE.length];
            canvas.polyline(xs, ys, colour, 2);
            if (series.markers()) {
                for (int i = 0; i < xs.length; i++) {
                    canvas.circle(xs[i], ys[i], 3.5, colour);
                }
            }
        }
        canvas.text(x0 + w / 2, y0 + h + 32, chart.xLabel(), LABEL_SIZE, Canvas.Anchor.MIDDLE, TEXT, false, false);
        canvas.text(16, y0 + h / 2, chart.yLabel(), LABEL_SIZE, Canvas.Anchor.MIDDLE, TEXT, false, true);
        legend(canvas, size, chart.series().stream().map(Chart.Series::name).toList(), null);
    }

    private static void verticalBars(Chart.Bars chart, Canvas canvas, double[] size) {
        double x0 = LEFT;
        double w = size[0] - LEFT - RIGHT;
        double y0 = TOP;
        double h = size[1] - TOP - BOTTOM;
        double[] axis = axis(chart);
        double max = axis[0];
        for (double t = 0; t <= max + axis[1] / 2; t += axis[1]) {
            double gy = y0 + h - t / max * h;
            canvas.line(x0, gy, x0 + w, gy, GRID, 1, false);
            canvas.text(x0 - 6, gy + 4, format(t), TICK_SIZE, Canvas.Anchor.END, AXIS, false, false);
        }
        int n = chart.categories().size();
        int k = chart.series().size();
        double group = w / Math.max(1, n);
        double bar = group * 0.8 / Math.max(1, k);
        for (int c = 0; c < n; c++) {
            for (int s = 0; s < k; s++) {
                double value = chart.series().get(s).values().get(c);
                if (Double.isFinite(value) && value > 0) {
                    double bh = value / max * h;
                    canvas.rect(x0 + c * group + group * 0.1 + s * bar, y0 + h - bh, bar, bh, PALETTE[s % PALETTE.length]);
                }
            }
            String label = ChartFont.fit(chart.categories().get(c), TICK_SIZE, group - 2);
            canvas.text(x0 + c * group + group / 2, y0 + h + 15, label, TICK_SIZE, Canvas.Anchor.MIDDLE, AXIS, false,
                    false);
        }
        frame(canvas, x0, y0, w, h);
        if (chart.reference() != null) {
            double ry = y0 + h - chart.reference() / max * h;
            canvas.line(x0, ry, x0 + w, ry, REFERENCE, 1.5, true);
        }
        canvas.text(16, y0 + h / 2, chart.valueLabel(), LABEL_SIZE, Canvas.Anchor.MIDDLE, TEXT, false, true);
        legend(canvas, size, chart.series().stream().map(Chart.BarSeries::name).toList(), chart.referenceLabel());
    }

    private static void horizontalBars(Chart.Bars chart, Canvas canvas, double[] size) {
        double labels = Math.min(size[0] * 0.4, chart.categories().stream()
                .mapToDouble(c -> ChartFont.width(c, TICK_SIZE, false)).max().orElse(0) + 10);
        double x0 = labels + 8;
        double w = size[0] - x0 - RIGHT;
        double y0 = TOP;
        double h = size[1] - TOP - BOTTOM;
        double[] axis = axis(chart);
        double max = axis[0];
        for (double t = 0; t <= max + axis[1] / 2; t += axis[1]) {
            double gx = x0 + t / max * w;
            canvas.line(gx, y0, gx, y0 + h, GRID, 1, false);
            canvas.text(gx, y0 + h + 15, format(t), TICK_SIZE, Canvas.Anchor.MIDDLE, AXIS, false, false);
        }
        int k = chart.series().size();
        double bar = ROW * 0.7 / Math.max(1, k);
        for (int c = 0; c < chart.categories().size(); c++) {
            double top = y0 + c * ROW;
            for (int s = 0; s < k; s++) {
                double value = chart.series().get(s).values().get(c);
                if (Double.isFinite(value) && value > 0) {
                    canvas.rect(x0, top + ROW * 0.15 + s * bar, value / max * w, bar, PALETTE[s % PALETTE.length]);
                }
            }
            canvas.text(x0 - 6, top + ROW / 2 + 4, ChartFont.fit(chart.categories().get(c), TICK_SIZE, labels),
                    TICK_SIZE, Canvas.Anchor.END, TEXT, false, false);
        }
        frame(canvas, x0, y0, w, h);
        canvas.text(x0 + w / 2, y0 + h + 32, chart.valueLabel(), LABEL_SIZE, Canvas.Anchor.MIDDLE, TEXT, false, false);
        legend(canvas, size, chart.series().stream().map(Chart.BarSeries::name).toList(), null);
    }

    private static void frame(Canvas canvas, double x0, double y0, double w, double h) {
        canvas.line(x0, y0 + h, x0 + w, y0 + h, AXIS, 1, false);
        canvas.line(x0, y0, x0, y0 + h, AXIS, 1, false);
    }

    /** One row of coloured squares and names along the bottom, then the dashed reference line's name. */
    private static void legend(Canvas canvas, double[] size, List<String> names, String reference) {
        double x = LEFT;
        double y = size[1] - 14;
        for (int i = 0; i < names.size(); i++) {
            canvas.rect(x, y - 9, 10, 10, PALETTE[i % PALETTE.length]);
            canvas.text(x + 14, y, names.get(i), LABEL_SIZE, Canvas.Anchor.START, TEXT, false, false);
            x += 14 + ChartFont.width(names.get(i), LABEL_SIZE, false) + 18;
        }
        if (reference != null) {
            canvas.line(x, y - 4, x + 18, y - 4, REFERENCE, 1.5, true);
            canvas.text(x + 22, y, reference, LABEL_SIZE, Canvas.Anchor.START, TEXT, false, false);
        }
    }

    /** The axis maximum and tick step: a round step giving about five ticks over the largest value. */
    private static double[] axis(Chart.Bars chart) {
        double largest = chart.series().stream().flatMap(s -> s.values().stream())
                .mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(0);
        if (chart.reference() != null) {
            largest = Math.max(largest, chart.reference());
        }
        if (largest <= 0) {
            return new double[]{1, 0.2};
        }
        double raw = largest / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        return new double[]{Math.ceil(largest / step - 1e-9) * step, step};
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static String format(double v) {
        String text = String.format(Locale.ROOT, "%.3f", v);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
