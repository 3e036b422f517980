package org.steward.training;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The binned distribution of one variable, the unit of stability monitoring: for a number, the counts between decile
 * cut points of a reference sample (bin {@code i} is {@code [cuts[i-1], cuts[i])}); for a category, the counts per
 * category of the reference sample plus one bin for categories it did not have; and a bin for missing values.
 * {@link #count} puts another sample into the same bins, so that the two can be compared by PSI.
 *
 * @param counts the bins in order, then "other" (categories only), then missing
 */
record Histogram(boolean numeric, double[] cuts, List<String> categories, long[] counts) {

    static final int DECILES = 10;

    /** Decile bins of a numeric reference sample (NaN missing). */
    static Histogram ofNumbers(double[] reference) {
        return new Histogram(true, Numbers.cutPoints(Numbers.sortedPresent(reference), DECILES), List.of(), null)
                .count(reference);
    }

    /** One bin per category of a reference sample (null missing), sorted. */
    static Histogram ofCategories(String[] reference) {
        TreeSet<String> categories = new TreeSet<>();
        for (String value : reference) {
            if (value != null) {
                categories.add(value);
            }
        }
        return new Histogram(false, new double[0], List.copyOf(categories), null).count(reference);
    }

    /** {@code values} (doubles for a numeric histogram, strings for a categorical one) counted into these bins. */
    Histogram count(Object values) {
        long[] counts;
        if (numeric) {
            double[] numbers = (double[]) values;
            counts = new long[cuts.length + 2];
            for (double v : numbers) {
                counts[Double.isNaN(v) ? cuts.length + 1 : Numbers.bin(cuts, v)]++;
            }
        } else {
            String[] texts = (String[]) values;
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                index.put(categories.get(i), i);
            }
            counts = new long[categories.size() + 2];
            for (String v : texts) {
                counts[v == null ? categories.size() + 1 : index.getOrDefault(v, categories.size())]++;
            }
        }
        return new Histogram(numeric, cuts, categories, counts);
    }

    long missing() {
        return counts[counts.length - 1];
    }

    /** PSI of {@code actual} (counted into these bins) against this one. */
    double psi(Histogram actual) {
        return Metrics.psi(counts, actual.counts);
    }

    /**
     * The histogram as the reference profile stores it: cut points (numbers) or categories, the counts of the bins,
     * and the missing count; "other" is left out, as a reference sample has none by construction.
     */
    ObjectNode toJson(String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("type", numeric ? "number" : "string");
        if (numeric) {
            Arrays.stream(cuts).forEach(node.putArray("cuts")::add);
            Arrays.stream(counts, 0, cuts.length + 1).forEach(node.putArray("counts")::add);
        } else {
            categories.forEach(node.putArray("categories")::add);
            Arrays.stream(counts, 0, categories.size()).forEach(node.putArray("counts")::add);
        }
        node.put("missing", missing());
        return node;
    }
}
