package org.steward.governance.report.chart;

/**
 * The few drawing operations charts need, in pixels from the top left, implemented for SVG and for Java2D.
 */
public interface Canvas {

    /** Where a text's x lies: its start, middle or end. */
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, int rgb, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, int rgb, double width);

    void rect(double x, double y, double width, double height, int rgb);

    void circle(double x, double y, double radius, int rgb);

    /** Text whose baseline starts, centres or ends at (x, y); rotated a quarter turn anticlockwise if asked. */
    void text(double x, double y, String text, double size, Anchor anchor, int rgb, boolean bold, boolean vertical);
}
