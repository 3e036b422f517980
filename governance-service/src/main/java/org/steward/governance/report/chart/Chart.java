package org.steward.governance.report.chart;

import java.util.List;

/**
 * A chart of the validation report, as data: the same chart is drawn as SVG into the HTML report and as a raster
 * image into the PDF, by one {@link ChartRenderer} over two {@link Canvas} implementations, so both show the same.
 */
public sealed interface Chart permits Chart.Lines, Chart.Bars {

    String title();

    /**
     * Lines on [0, max] × [0, max] axes, e.g. a ROC curve or a calibration plot.
     *
     * @param diagonal draw the y = x reference (chance for ROC, perfect calibration)
     */
    record Lines(String title, String xLabel, String yLabel, List<Series> series, boolean diagonal, double max)
            implements Chart {

        public Lines {
            series = List.copyOf(series);
        }
    }

    /** One line: points in order; {@code markers} draws each point, for sparse series. */
    record Series(String name, List<double[]> points, boolean markers) {

        public Series {
            points = points.stream().map(double[]::clone).toList();
        }
    }

    /**
     * Grouped bars, one group per category and one bar per series in it.
     *
     * @param reference  a value to mark with a dashed line (e.g. four fifths of the reference group's rate); null
     *                   for none
     * @param horizontal bars run left to right, for long category names (feature names)
     */
    record Bars(String title, String valueLabel, List<String> categories, List<BarSeries> series, Double reference,
                String referenceLabel, boolean horizontal) implements Chart {

        public Bars {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
        }
    }

    record BarSeries(String name, List<Double> values) {

        public BarSeries {
            values = List.copyOf(values);
        }
    }
}
