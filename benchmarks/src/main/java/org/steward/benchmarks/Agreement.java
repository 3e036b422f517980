package org.steward.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How closely several scorers agree on the same rows: for every pair of them, the largest absolute difference
 * between their answers on any row, and the row it is on. A missing answer (NaN) on one side only is a disagreement
 * of infinity; NaN on both sides agrees.
 */
final class Agreement {

    /** The largest difference between two scorers and the first row where it occurs. */
    record Difference(String first, String second, double max, int row) {
    }

    private Agreement() {
    }

    /** Every pair of {@code answers}, in their order: {@code a/b}, {@code a/c}, {@code b/c}, … */
    static List<Difference> pairs(Map<String, double[]> answers) {
        var names = List.copyOf(answers.keySet());
        var differences = new ArrayList<Difference>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                differences.add(difference(names.get(i), answers.get(names.get(i)), names.get(j), answers.get(names.get(j))));
            }
        }
        return differences;
    }

    /** The largest difference over all pairs. */
    static Difference worst(Map<String, double[]> answers) {
        return pairs(answers).stream().reduce((a, b) -> b.max() > a.max() ? b : a)
                .orElseThrow(() -> new IllegalArgumentException("agreement needs two scorers at least"));
    }

    static Difference difference(String first, double[] a, String second, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(first + " answered " + a.length + " rows, " + second + " " + b.length);
        }
        double max = 0;
        int at = a.length == 0 ? -1 : 0;
        for (int r = 0; r < a.length; r++) {
            double d = Double.isNaN(a[r]) && Double.isNaN(b[r]) ? 0
                    : Double.isNaN(a[r]) || Double.isNaN(b[r]) ? Double.POSITIVE_INFINITY : Math.abs(a[r] - b[r]);
            if (d > max) {
                max = d;
                at = r;
            }
        }
        return new Difference(first, second, max, at);
    }

    /** The pairs as {@code "a vs b" -> max difference}, for a report's parameters. */
    static Map<String, Double> describe(List<Difference> differences) {
        Map<String, Double> out = new LinkedHashMap<>();
        differences.forEach(d -> out.put(d.first() + " vs " + d.second(), d.max()));
        return out;
    }
}
