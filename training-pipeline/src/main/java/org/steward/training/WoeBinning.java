package org.steward.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weight-of-evidence binning of one input on the train window, deterministic by construction (SPEC.md gives the same
 * algorithm in words):
 * <ol>
 * <li>Initial bins. A number: equal-frequency cut points ({@link Numbers#cutPoints}, {@code initialBins} bins).
 *     A category: one bin per category seen, ordered by bad rate, then by name.</li>
 * <li>Size. While some bin has fewer than {@code ceil(minBinShare · rows)} rows, or no goods, or no bads: take the
 *     smallest such bin (the first on ties) and merge it into the neighbour whose bad rate is closer (the left on
 *     ties).</li>
 * <li>Monotonicity (numbers, when asked). The direction is the sign of the covariance of the initial bin index with
 *     the label (increasing when zero). While two adjacent bins' bad rates do not strictly move in that direction,
 *     merge the violating pair whose rates are closest (the first on ties).</li>
 * </ol>
 * WoE of a bin = {@code ln((bads_i / bads) / (goods_i / goods))}, positive meaning riskier, rounded to
 * {@link Numbers#ARTIFACT_DECIMALS} places; totals count every train row. Missing values (when not imputed) form
 * their own group, whose WoE is used if the group is as big as a bin must be and has goods and bads, else 0 (the
 * population average). An imputed input's missing WoE is that of the bin its imputed value falls in.
 *
 * @param cuts       numeric: the bins' cut points (bin {@code i} is {@code [cuts[i-1], cuts[i])}); empty for categories
 * @param categories categorical: each bin's categories, sorted; empty for numbers
 * @param woe        per bin
 * @param iv         the information value, missing group included
 */
record WoeBinning(double[] cuts, List<List<String>> categories, long[] goods, long[] bads, double[] woe,
                  double missingWoe, double iv) {

    int bins() {
        return woe.length;
    }

    /** A bin under construction: counts and what it covers. */
    private static final class Bin {
        long goods;
        long bads;
        /** numeric: the bin's upper cut point, +∞ for the last. */
        double upper;
        final List<String> categories = new ArrayList<>();

        Bin(double upper) {
            this.upper = upper;
        }

        long count() {
            return goods + bads;
        }

        double rate() {
            return (double) bads / count();
        }

        void add(int label) {
            if (label == 1) {
                bads++;
            } else {
                goods++;
            }
        }
    }

    /**
     * @param values  the train window's values after imputation and capping; NaN for missing
     * @param imputed the value missing values were replaced by, or NaN when they were not
     */
    static WoeBinning numeric(double[] values, int[] labels, PipelineSpec.Binning settings, double imputed) {
        double[] cuts = Numbers.cutPoints(Numbers.sortedPresent(values), settings.initialBins());
        List<Bin> bins = new ArrayList<>();
        for (double cut : cuts) {
            bins.add(new Bin(cut));
        }
        bins.add(new Bin(Double.POSITIVE_INFINITY));
        Bin missing = new Bin(Double.NaN);
        for (int r = 0; r < values.length; r++) {
            (Double.isNaN(values[r]) ? missing : bins.get(Numbers.bin(cuts, values[r]))).add(labels[r]);
        }
        int direction = direction(bins);
        int minCount = minCount(settings, values.length);
        mergeSmall(bins, minCount);
        if (settings.monotone()) {
            mergeNonMonotone(bins, direction);
        }
        double[] finalCuts = bins.subList(0, bins.size() - 1).stream().mapToDouble(b -> b.upper).toArray();
        Totals totals = Totals.of(bins, missing);
        double[] woe = totals.woe(bins);
        double missingWoe = Double.isNaN(imputed) ? totals.missingWoe(missing, minCount)
                : woe[Numbers.bin(finalCuts, imputed)];
        return new WoeBinning(finalCuts, List.of(), totals.goods(bins), totals.bads(bins), woe, missingWoe,
                totals.iv(bins, woe, missing, missingWoe));
    }

    /**
     * @param values  the train window's categories after imputation; null for missing
     * @param imputed the category missing values were replaced by, or null when they were not
     */
    static WoeBinning categorical(String[] values, int[] labels, PipelineSpec.Binning settings, String imputed) {
        Map<String, Bin> byCategory = new TreeMap<>();
        Bin missing = new Bin(Double.NaN);
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null) {
                missing.add(labels[r]);
            } else {
                byCategory.computeIfAbsent(values[r], category -> {
                    Bin bin = new Bin(Double.NaN);
                    bin.categories.add(category);
                    return bin;
                }).add(labels[r]);
            }
        }
        // TreeMap order first, then a stable sort by rate: equal rates stay in category order.
        List<Bin> bins = new ArrayList<>(byCategory.values());
        bins.sort(Comparator.comparingDouble(Bin::rate));
        int minCount = minCount(settings, values.length);
        mergeSmall(bins, minCount);
        bins.forEach(b -> b.categories.sort(Comparator.naturalOrder()));
        Totals totals = Totals.of(bins, missing);
        double[] woe = totals.woe(bins);
        double missingWoe = totals.missingWoe(missing, minCount);
        if (imputed != null) {
            missingWoe = 0;
            for (int i = 0; i < bins.size(); i++) {
                if (bins.get(i).categories.contains(imputed)) {
                    missingWoe = woe[i];
                }
            }
        }
        return new WoeBinning(new double[0], bins.stream().map(b -> List.copyOf(b.categories)).toList(),
                totals.goods(bins), totals.bads(bins), woe, missingWoe, totals.iv(bins, woe, missing, missingWoe));
    }

    private static int minCount(PipelineSpec.Binning settings, int rows) {
        return (int) Math.max(1, Math.ceil(settings.minBinShare() * rows));
    }

    /** +1 when the label rises with the bin index (or is flat), -1 when it falls: the sign of their covariance. */
    private static int direction(List<Bin> bins) {
        long rows = 0;
        double indexSum = 0;
        for (int i = 0; i < bins.size(); i++) {
            rows += bins.get(i).count();
            indexSum += (double) i * bins.get(i).count();
        }
        double meanIndex = rows == 0 ? 0 : indexSum / rows;
        double covariance = 0;
        for (int i = 0; i < bins.size(); i++) {
            covariance += (i - meanIndex) * bins.get(i).bads;
        }
        return covariance < 0 ? -1 : 1;
    }

    private static void mergeSmall(List<Bin> bins, int minCount) {
        while (bins.size() > 1) {
            int smallest = -1;
            for (int i = 0; i < bins.size(); i++) {
                Bin bin = bins.get(i);
                boolean offends = bin.count() < minCount || bin.goods == 0 || bin.bads == 0;
                if (offends && (smallest < 0 || bin.count() < bins.get(smallest).count())) {
                    smallest = i;
                }
            }
            if (smallest < 0) {
                return;
            }
            int neighbour;
            if (smallest == 0) {
                neighbour = 1;
            } else if (smallest == bins.size() - 1) {
                neighbour = smallest - 1;
            } else {
                double left = distance(bins.get(smallest), bins.get(smallest - 1));
                double right = distance(bins.get(smallest), bins.get(smallest + 1));
                neighbour = left <= right ? smallest - 1 : smallest + 1;
            }
            merge(bins, Math.min(smallest, neighbour));
        }
    }

    private static void mergeNonMonotone(List<Bin> bins, int direction) {
        while (bins.size() > 1) {
            int pair = -1;
            double closest = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < bins.size(); i++) {
                double step = bins.get(i + 1).rate() - bins.get(i).rate();
                if (direction * step <= 0 && Math.abs(step) < closest) {
                    pair = i;
                    closest = Math.abs(step);
                }
            }
            if (pair < 0) {
                return;
            }
            merge(bins, pair);
        }
    }

    /** Distance of bad rates; an empty bin is at distance 0 from anything, so it joins its left neighbour. */
    private static double distance(Bin a, Bin b) {
        return a.count() == 0 || b.count() == 0 ? 0 : Math.abs(a.rate() - b.rate());
    }

    /** Merges bin {@code i + 1} into bin {@code i}. */
    private static void merge(List<Bin> bins, int i) {
        Bin left = bins.get(i);
        Bin right = bins.remove(i + 1);
        left.goods += right.goods;
        left.bads += right.bads;
        left.upper = right.upper;
        left.categories.addAll(right.categories);
    }

    /** The train window's totals, which every WoE is relative to. */
    private record Totals(long goods, long bads) {

        static Totals of(List<Bin> bins, Bin missing) {
            long goods = missing.goods;
            long bads = missing.bads;
            for (Bin bin : bins) {
                goods += bin.goods;
                bads += bin.bads;
            }
            if (goods == 0 || bads == 0) {
                throw new PipelineException(PipelineException.Kind.DATA, "the train window has " + bads + " bads and "
                        + goods + " goods; weights of evidence need both");
            }
            return new Totals(goods, bads);
        }

        double woe(Bin bin) {
            return Numbers.round(StrictMath.log((double) bin.bads / bads) - StrictMath.log((double) bin.goods / goods));
        }

        double[] woe(List<Bin> bins) {
            return bins.stream().mapToDouble(this::woe).toArray();
        }

        double missingWoe(Bin missing, int minCount) {
            return missing.count() >= minCount && missing.goods > 0 && missing.bads > 0 ? woe(missing) : 0;
        }

        long[] goods(List<Bin> bins) {
            return bins.stream().mapToLong(b -> b.goods).toArray();
        }

        long[] bads(List<Bin> bins) {
            return bins.stream().mapToLong(b -> b.bads).toArray();
        }

        double iv(List<Bin> bins, double[] woe, Bin missing, double missingWoe) {
            double iv = ((double) missing.bads / bads - (double) missing.goods / goods) * missingWoe;
            for (int i = 0; i < bins.size(); i++) {
                iv += ((double) bins.get(i).bads / bads - (double) bins.get(i).goods / goods) * woe[i];
            }
            return iv;
        }
    }
}
