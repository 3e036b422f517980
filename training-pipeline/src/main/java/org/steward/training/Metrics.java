package org.steward.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The evaluation statistics of a binary credit model, on predicted probabilities {@code p} of the label and labels
 * {@code y} (1 = bad). Definitions follow banking practice and are pinned by tests on hand-computed cases.
 */
final class Metrics {

    /** Shares below this count as this in PSI, so that an empty bin gives a large but finite term. */
    static final double PSI_FLOOR = 1e-4;
    /** Probabilities are clipped to [ε, 1 - ε] in the log loss. */
    static final double LOG_LOSS_EPSILON = 1e-15;

    private Metrics() {
    }

    /**
     * The area under the ROC curve: the probability that a random bad scores higher than a random good, ties
     * counting one half — the Mann–Whitney U statistic over {@code bads · goods}, computed from mid-ranks.
     */
    static double auc(double[] p, int[] y) {
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double rankSumBads = 0;
        long bads = 0;
        for (int i = 0; i < p.length; i++) {
            if (y[i] == 1) {
                // the mid-rank of p[i]: the mean of the 1-based ranks its ties occupy
                rankSumBads += (firstAbove(sorted, p[i]) + firstAtOrAbove(sorted, p[i]) + 1) / 2.0;
                bads++;
            }
        }
        long goods = p.length - bads;
        if (bads == 0 || goods == 0) {
            return Double.NaN;
        }
        return (rankSumBads - bads * (bads + 1) / 2.0) / ((double) bads * goods);
    }

    /** Gini = 2·AUC − 1. */
    static double gini(double auc) {
        return 2 * auc - 1;
    }

    /** Kolmogorov–Smirnov: the largest gap between the cumulative distributions of the bads' and goods' scores. */
    static double ks(double[] p, int[] y) {
        double[] bads = IntStream.range(0, p.length).filter(i -> y[i] == 1).mapToDouble(i -> p[i]).sorted().toArray();
        double[] goods = IntStream.range(0, p.length).filter(i -> y[i] != 1).mapToDouble(i -> p[i]).sorted().toArray();
        if (bads.length == 0 || goods.length == 0) {
            return Double.NaN;
        }
        double ks = 0;
        int b = 0;
        int g = 0;
        while (b < bads.length || g < goods.length) {
            // the next distinct score, and every row at it, before the gap is measured
            double next = b == bads.length ? goods[g] : g == goods.length ? bads[b] : Math.min(bads[b], goods[g]);
            while (b < bads.length && bads[b] == next) {
                b++;
            }
            while (g < goods.length && goods[g] == next) {
                g++;
            }
            ks = Math.max(ks, Math.abs((double) b / bads.length - (double) g / goods.length));
        }
        return ks;
    }

    /** The number of sorted values below {@code x}. */
    private static int firstAtOrAbove(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of sorted values at or below {@code x}. */
    private static int firstAbove(double[] sorted, double x) {
        return Numbers.bin(sorted, x);
    }

    /** The mean squared difference between the probability and the label. */
    static double brier(double[] p, int[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += (p[i] - y[i]) * (p[i] - y[i]);
        }
        return sum / p.length;
    }

    /** The mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 - 1e-15]. */
    static double logLoss(double[] p, int[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(Math.max(p[i], LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
            sum -= y[i] == 1 ? StrictMath.log(q) : StrictMath.log(1 - q);
        }
        return sum / p.length;
    }

    /**
     * The population stability index of {@code actual} against {@code expected} counts over the same bins:
     * {@code Σ (a_i − e_i) · ln(a_i / e_i)} over the bins' shares, each floored at {@link #PSI_FLOOR}.
     */
    static double psi(long[] expected, long[] actual) {
        long e = Arrays.stream(expected).sum();
        long a = Arrays.stream(actual).sum();
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double es = Math.max((double) expected[i] / e, PSI_FLOOR);
            double as = Math.max((double) actual[i] / a, PSI_FLOOR);
            psi += (as - es) * StrictMath.log(as / es);
        }
        return psi;
    }

    /** Counts of a confusion matrix where {@code p >= cutoff} means declined (predicted bad). */
    record Confusion(double cutoff, long declinedBads, long declinedGoods, long approvedGoods, long approvedBads) {

        long approved() {
            return approvedGoods + approvedBads;
        }

        long total() {
            return approved() + declinedBads + declinedGoods;
        }
    }

    static Confusion confusion(double[] p, int[] y, double cutoff) {
        long declinedBads = 0;
        long declinedGoods = 0;
        long approvedGoods = 0;
        long approvedBads = 0;
        for (int i = 0; i < p.length; i++) {
            boolean declined = p[i] >= cutoff;
            if (declined) {
                if (y[i] == 1) {
                    declinedBads++;
                } else {
                    declinedGoods++;
                }
            } else if (y[i] == 1) {
                approvedBads++;
            } else {
                approvedGoods++;
            }
        }
        return new Confusion(cutoff, declinedBads, declinedGoods, approvedGoods, approvedBads);
    }

    /** Observed against predicted in one probability band {@code [lower, upper)}. */
    record Band(double lower, double upper, long count, long bads, double meanPredicted) {
    }

    /** Calibration: per band of the predicted probability (edges inside (0, 1)), the observed and mean predicted. */
    static List<Band> calibration(double[] p, int[] y, List<Double> edges) {
        double[] cuts = edges.stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = new long[cuts.length + 1];
        long[] bads = new long[cuts.length + 1];
        double[] predicted = new double[cuts.length + 1];
        for (int i = 0; i < p.length; i++) {
            int band = Numbers.bin(cuts, p[i]);
            counts[band]++;
            bads[band] += y[i];
            predicted[band] += p[i];
        }
        return IntStream.range(0, counts.length).mapToObj(b -> new Band(b == 0 ? 0 : cuts[b - 1],
                b == cuts.length ? 1 : cuts[b], counts[b], bads[b],
                counts[b] == 0 ? Double.NaN : predicted[b] / counts[b])).toList();
    }

    /** One decile of the population ranked riskiest first, with the cumulative capture of bads up to it. */
    record Decile(int decile, long count, long bads, long cumulativeCount, long cumulativeBads, long totalBads) {
    }

    /**
     * Capture by decile: rows ranked by probability, highest first (ties in row order), row {@code k} of {@code n}
     * in decile {@code floor(10k / n) + 1}.
     */
    static List<Decile> capture(double[] p, int[] y) {
        int n = p.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        long[] counts = new long[10];
        long[] bads = new long[10];
        for (int k = 0; k < n; k++) {
            int decile = (int) ((10L * k) / n);
            counts[decile]++;
            bads[decile] += y[order[k]];
        }
        long totalBads = Arrays.stream(bads).sum();
        long cumulativeCount = 0;
        long cumulativeBads = 0;
        Decile[] deciles = new Decile[10];
        for (int d = 0; d < 10; d++) {
            cumulativeCount += counts[d];
            cumulativeBads += bads[d];
            deciles[d] = new Decile(d + 1, counts[d], bads[d], cumulativeCount, cumulativeBads, totalBads);
        }
        return List.of(deciles);
    }

    /**
     * The 2.5th and 97.5th percentiles of the Gini over {@code resamples} bootstrap resamples (rows drawn with
     * replacement by {@link Random}, whose algorithm the Java specification fixes, from {@code random}).
     */
    static double[] giniInterval(double[] p, int[] y, int resamples, Random random) {
        int n = p.length;
        double[] ginis = new double[resamples];
        double[] sp = new double[n];
        int[] sy = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                sp[i] = p[pick];
                sy[i] = y[pick];
            }
            ginis[r] = gini(auc(sp, sy));
        }
        double[] valid = Arrays.stream(ginis).filter(g -> !Double.isNaN(g)).sorted().toArray();
        return valid.length == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {Numbers.percentile(valid, 2.5), Numbers.percentile(valid, 97.5)};
    }
}
