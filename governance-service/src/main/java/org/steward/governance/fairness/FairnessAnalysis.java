package org.steward.governance.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Computes {@link AttributeFairness} from outcomes; the definitions are in the package documentation. */
public final class FairnessAnalysis {

    /** The four-fifths rule: a disparate impact below this is flagged. */
    public static final double FOUR_FIFTHS = 0.8;

    private FairnessAnalysis() {
    }

    /** One group's counts, from which every rate follows. */
    private record Counts(String group, long count, long goods, long selected, long goodsSelected, long badsSelected) {

        long bads() {
            return count - goods;
        }

        double selectionRate() {
            return ratio(selected, count);
        }

        double truePositiveRate() {
            return ratio(goodsSelected, goods);
        }

        double falsePositiveRate() {
            return ratio(badsSelected, bads());
        }

        double falseNegativeRate() {
            return ratio(goods - goodsSelected, goods);
        }

        double baseRate() {
            return ratio(goods, count);
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? Double.NaN : (double) numerator / denominator;
        }
    }

    /**
     * @param attribute the protected attribute's name, as reported
     * @param outcomes  at least one; groups are ordered by {@link AgeBands#ORDER}
     */
    public static AttributeFairness analyse(String attribute, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("fairness for '" + attribute + "' needs at least one outcome");
        }
        Map<String, List<Outcome>> byGroup = new TreeMap<>(AgeBands.ORDER);
        outcomes.forEach(o -> byGroup.computeIfAbsent(o.group(), g -> new ArrayList<>()).add(o));
        List<Counts> groups = byGroup.entrySet().stream().map(e -> count(e.getKey(), e.getValue())).toList();
        // The most-favoured group: highest selection rate, then the larger group, then the earlier in order.
        Counts reference = groups.getFirst();
        for (Counts g : groups) {
            if (g.selectionRate() > reference.selectionRate()
                    || g.selectionRate() == reference.selectionRate() && g.count() > reference.count()) {
                reference = g;
            }
        }
        List<GroupMetrics> metrics = new ArrayList<>();
        for (Counts g : groups) {
            double disparateImpact = g.selectionRate() / reference.selectionRate();
            metrics.add(new GroupMetrics(g.group(), g.count(), g.goods(), g.selectionRate(), g.truePositiveRate(),
                    g.falsePositiveRate(), g.falseNegativeRate(), disparateImpact,
                    g.selectionRate() - reference.selectionRate(),
                    g.truePositiveRate() - reference.truePositiveRate(),
                    ((g.falsePositiveRate() - reference.falsePositiveRate())
                            + (g.truePositiveRate() - reference.truePositiveRate())) / 2,
                    g.baseRate(), g.baseRate() / reference.baseRate(), g.baseRate() - reference.baseRate(),
                    disparateImpact < FOUR_FIFTHS));
        }
        Spread selection = Spread.of(groups, Counts::selectionRate);
        Spread tpr = Spread.of(groups, Counts::truePositiveRate);
        Spread fpr = Spread.of(groups, Counts::falsePositiveRate);
        Spread base = Spread.of(groups, Counts::baseRate);
        return new AttributeFairness(attribute, reference.group(), metrics, selection.difference(), selection.ratio(),
                tpr.difference(), tpr.ratio(), worst(tpr.difference(), fpr.difference(), true),
                worst(tpr.ratio(), fpr.ratio(), false), base.difference(), base.ratio());
    }

    private static Counts count(String group, List<Outcome> outcomes) {
        long goods = 0;
        long selected = 0;
        long goodsSelected = 0;
        for (Outcome o : outcomes) {
            goods += o.good() ? 1 : 0;
            selected += o.selected() ? 1 : 0;
            goodsSelected += o.selected() && o.good() ? 1 : 0;
        }
        return new Counts(group, outcomes.size(), goods, selected, goodsSelected, selected - goodsSelected);
    }

    /** fairlearn's between-groups difference (max − min) and ratio (min / max) of one rate, NaN rates left out. */
    private record Spread(double min, double max) {

        static Spread of(List<Counts> groups, ToDoubleFunction<Counts> rate) {
            double[] defined = groups.stream().mapToDouble(rate).filter(r -> !Double.isNaN(r)).toArray();
            if (defined.length == 0) {
                return new Spread(Double.NaN, Double.NaN);
            }
            double min = defined[0];
            double max = defined[0];
            for (double r : defined) {
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            return new Spread(min, max);
        }

        double difference() {
            return max - min;
        }

        double ratio() {
            return min / max;
        }
    }

    /** fairlearn's worst case of two aggregates: the larger difference or the smaller ratio, NaN left out. */
    private static double worst(double a, double b, boolean larger) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return larger ? Math.max(a, b) : Math.min(a, b);
    }
}
