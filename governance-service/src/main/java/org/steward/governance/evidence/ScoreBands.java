package org.steward.governance.evidence;

import java.util.Arrays;

/**
 * Bands of the probability of bad cut at the development sample's deciles (nearest rank): band {@code i} holds
 * {@code uppers[i-1] < p <= uppers[i]}, the first starts at 0 and the last ends at 1. Equal deciles — a scorecard
 * gives few distinct scores — are merged, so there may be fewer than ten bands. Stability and calibration both use
 * them, so a band means the same in both tables.
 *
 * @param uppers the upper edge of every band but the last
 */
public record ScoreBands(double[] uppers) {

    static final int DECILES = 10;

    public ScoreBands {
        uppers = uppers.clone();
    }

    static ScoreBands deciles(double[] development) {
        if (development.length == 0) {
            throw new IllegalArgumentException("score bands need development scores");
        }
        double[] sorted = development.clone();
        Arrays.sort(sorted);
        double[] edges = new double[DECILES - 1];
        int count = 0;
        for (int k = 1; k < DECILES; k++) {
            double edge = sorted[(int) Math.ceil(k * sorted.length / (double) DECILES) - 1];
            if (edge < sorted[sorted.length - 1] && (count == 0 || edge > edges[count - 1])) {
                edges[count++] = edge;
            }
        }
        return new ScoreBands(Arrays.copyOf(edges, count));
    }

    public int size() {
        return uppers.length + 1;
    }

    /** The band of a probability. */
    int band(double probability) {
        int index = Arrays.binarySearch(uppers, probability);
        return index >= 0 ? index : -index - 1;
    }

    /** The lower edge of band {@code i}: 0 for the first. */
    public double lower(int i) {
        return i == 0 ? 0 : uppers[i - 1];
    }

    /** The upper edge of band {@code i}: 1 for the last. */
    public double upper(int i) {
        return i == uppers.length ? 1 : uppers[i];
    }

    /** How many of {@code probabilities} fall in each band. */
    long[] counts(double[] probabilities) {
        long[] counts = new long[size()];
        for (double p : probabilities) {
            counts[band(p)]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoreBands bands && Arrays.equals(uppers, bands.uppers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uppers);
    }

    @Override
    public String toString() {
        return "ScoreBands" + Arrays.toString(uppers);
    }
}
