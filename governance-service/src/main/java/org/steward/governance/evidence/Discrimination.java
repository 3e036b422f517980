package org.steward.governance.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How well the scores separate bads from goods, with the bad outcome as the positive class and the probability of
 * bad as the score: AUC (ties count one half, as the Mann-Whitney statistic), Gini = 2·AUC − 1, the
 * Kolmogorov-Smirnov distance, and the ROC curve.
 *
 * @param roc the curve from (0, 0) to (1, 1), one point per distinct score, thinned to at most
 *            {@value #MAX_ROC_POINTS} points for charts
 */
public record Discrimination(long count, long bads, double auc, double gini, double ks, List<RocPoint> roc) {

    static final int MAX_ROC_POINTS = 201;

    /** Share of goods (x) and of bads (y) scored at or above a threshold. */
    public record RocPoint(double falsePositiveRate, double truePositiveRate) {
    }

    public Discrimination {
        roc = List.copyOf(roc);
    }

    /** NaN measures when either class is absent: nothing to separate. */
    public static Discrimination of(double[] probabilities, boolean[] bad) {
        int n = probabilities.length;
        if (bad.length != n) {
            throw new IllegalArgumentException("one label per score: " + n + " scores, " + bad.length + " labels");
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> -probabilities[i]));
        long bads = 0;
        for (boolean b : bad) {
            bads += b ? 1 : 0;
        }
        long goods = n - bads;
        if (bads == 0 || goods == 0) {
            return new Discrimination(n, bads, Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        List<RocPoint> roc = new ArrayList<>();
        roc.add(new RocPoint(0, 0));
        // Walk down the scores a tie-block at a time: each block moves the curve diagonally, which is how ties
        // count one half in the area.
        double area = 0;
        double ks = 0;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            double score = probabilities[order[i]];
            long blockBads = 0;
            long blockGoods = 0;
            while (i < n && probabilities[order[i]] == score) {
                if (bad[order[i]]) {
                    blockBads++;
                } else {
                    blockGoods++;
                }
                i++;
            }
            area += blockGoods * (tp + blockBads / 2.0);
            tp += blockBads;
            fp += blockGoods;
            double tpr = (double) tp / bads;
            double fpr = (double) fp / goods;
            ks = Math.max(ks, Math.abs(tpr - fpr));
            roc.add(new RocPoint(fpr, tpr));
        }
        double auc = area / ((double) bads * goods);
        return new Discrimination(n, bads, auc, 2 * auc - 1, ks, thin(roc));
    }

    /** Every k-th point, keeping both ends, so a chart of 100,000 scores stays small. */
    private static List<RocPoint> thin(List<RocPoint> roc) {
        if (roc.size() <= MAX_ROC_POINTS) {
            return roc;
        }
        List<RocPoint> thinned = new ArrayList<>();
        double step = (roc.size() - 1) / (double) (MAX_ROC_POINTS - 1);
        for (int k = 0; k < MAX_ROC_POINTS; k++) {
            thinned.add(roc.get((int) Math.round(k * step)));
        }
        return thinned;
    }
}
