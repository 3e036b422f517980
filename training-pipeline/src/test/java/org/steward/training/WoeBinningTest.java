package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** WoE binning: monotone, big enough, hand-checkable, and the same whatever the row order. */
class WoeBinningTest {

    private static final PipelineSpec.Binning MONOTONE = new PipelineSpec.Binning(10, 0.05, true);

    /** A risk that rises with x, with noise, so that some raw equal-frequency bins break the trend. */
    private record Sample(double[] x, int[] y) {
        static Sample of(int n, long seed) {
            Random random = new Random(seed);
            double[] x = new double[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.floor(random.nextDouble() * 1000) / 10;
                double p = 0.1 + 0.4 * x[i] / 100 + (random.nextDouble() - 0.5) * 0.3;
                y[i] = random.nextDouble() < p ? 1 : 0;
            }
            return new Sample(x, y);
        }
    }

    @Test
    void numericBinsEndStrictlyMonotoneAndEachBigEnoughWithGoodsAndBads() {
        Sample sample = Sample.of(2000, 11);

        WoeBinning binning = WoeBinning.numeric(sample.x(), sample.y(), MONOTONE, Double.NaN);

        assertThat(binning.bins()).isBetween(2, 10);
        for (int b = 0; b < binning.bins(); b++) {
            assertThat(binning.goods()[b] + binning.bads()[b]).as("bin " + b).isGreaterThanOrEqualTo(100);
            assertThat(binning.goods()[b]).isPositive();
            assertThat(binning.bads()[b]).isPositive();
            if (b > 0) {
                assertThat(binning.woe()[b]).as("WoE rises with x").isGreaterThan(binning.woe()[b - 1]);
                assertThat(binning.cuts()[b - 1]).isGreaterThan(b > 1 ? binning.cuts()[b - 2] : Double.NEGATIVE_INFINITY);
            }
        }
        assertThat(binning.cuts()).hasSize(binning.bins() - 1);
        assertThat(binning.iv()).isPositive();
    }

    @Test
    void aFallingRiskGivesFallingWeightsOfEvidence() {
        Sample sample = Sample.of(2000, 12);
        double[] negated = new double[sample.x().length];
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -sample.x()[i];
        }
        WoeBinning binning = WoeBinning.numeric(negated, sample.y(), MONOTONE, Double.NaN);
        for (int b = 1; b < binning.bins(); b++) {
            assertThat(binning.woe()[b]).isLessThan(binning.woe()[b - 1]);
        }
    }

    @Test
    void theBinningDoesNotDependOnRowOrder() {
        Sample sample = Sample.of(1500, 13);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(99));
        double[] x = order.stream().mapToDouble(i -> sample.x()[i]).toArray();
        int[] y = order.stream().mapToInt(i -> sample.y()[i]).toArray();

        WoeBinning first = WoeBinning.numeric(sample.x(), sample.y(), MONOTONE, Double.NaN);
        WoeBinning shuffled = WoeBinning.numeric(x, y, MONOTONE, Double.NaN);
        WoeBinning again = WoeBinning.numeric(sample.x(), sample.y(), MONOTONE, Double.NaN);

        for (WoeBinning other : List.of(shuffled, again)) {
            assertThat(other.cuts()).containsExactly(first.cuts());
            assertThat(other.woe()).containsExactly(first.woe());
            assertThat(other.goods()).containsExactly(first.goods());
            assertThat(other.iv()).isEqualTo(first.iv());
        }
    }

    /** Two clear groups: the WoE is ln((bads_i / bads) / (goods_i / goods)), rounded to 8 places. */
    @Test
    void weightsOfEvidenceAreTheLogOfTheShareRatios() {
        // x < 10: 40 goods, 10 bads; x >= 10: 20 goods, 30 bads
        double[] x = new double[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i < 50 ? 1 : 20;
            y[i] = i < 50 ? (i < 10 ? 1 : 0) : (i < 80 ? 1 : 0);
        }
        WoeBinning binning = WoeBinning.numeric(x, y, new PipelineSpec.Binning(2, 0.05, true), Double.NaN);

        assertThat(binning.cuts()).as("the median, interpolated between 1 and 20").containsExactly(10.5);
        assertThat(binning.woe()[0]).isEqualTo(Numbers.round(Math.log((10.0 / 40) / (40.0 / 60))));
        assertThat(binning.woe()[1]).isEqualTo(Numbers.round(Math.log((30.0 / 40) / (20.0 / 60))));
        double iv = (10.0 / 40 - 40.0 / 60) * binning.woe()[0] + (30.0 / 40 - 20.0 / 60) * binning.woe()[1];
        assertThat(binning.iv()).isCloseTo(iv, within(1e-12));
        assertThat(binning.missingWoe()).as("no missing values: the population average").isZero();
    }

    @Test
    void missingValuesFormTheirOwnGroupWhenBigEnoughAndImputedOnesTakeTheirBinsWoe() {
        Sample sample = Sample.of(1000, 14);
        double[] x = sample.x().clone();
        for (int i = 0; i < 200; i++) {
            x[i] = Double.NaN;
        }
        WoeBinning own = WoeBinning.numeric(x, sample.y(), MONOTONE, Double.NaN);
        long missingBads = java.util.stream.IntStream.range(0, 200).filter(i -> sample.y()[i] == 1).count();
        long bads = java.util.Arrays.stream(sample.y()).filter(v -> v == 1).count();
        double expected = Numbers.round(Math.log(((double) missingBads / bads) / ((200.0 - missingBads) / (1000 - bads))));
        assertThat(own.missingWoe()).isCloseTo(expected, within(1e-12));

        double[] imputed = sample.x().clone();
        WoeBinning withImputation = WoeBinning.numeric(imputed, sample.y(), MONOTONE, 55.5);
        assertThat(withImputation.missingWoe())
                .isEqualTo(withImputation.woe()[Numbers.bin(withImputation.cuts(), 55.5)]);

        double[] rare = sample.x().clone();
        rare[0] = Double.NaN;
        assertThat(WoeBinning.numeric(rare, sample.y(), MONOTONE, Double.NaN).missingWoe())
                .as("a missing group smaller than a bin scores the population average").isZero();
    }

    @Test
    void smallCategoriesMergeWithTheirClosestNeighbourAndBinsAreOrderedByRisk() {
        List<String> values = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        category(values, labels, "a", 300, 30);
        category(values, labels, "b", 300, 90);
        category(values, labels, "c", 300, 150);
        category(values, labels, "tiny-safe", 10, 1);     // 10% bad: closest to a
        category(values, labels, "tiny-risky", 12, 6);    // 50% bad: closest to c
        category(values, labels, "pure", 40, 0);          // no bads at all
        String[] x = values.toArray(String[]::new);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();

        WoeBinning binning = WoeBinning.categorical(x, y, MONOTONE, null);

        assertThat(binning.categories()).containsExactly(List.of("a", "pure", "tiny-safe"), List.of("b"),
                List.of("c", "tiny-risky"));
        for (int b = 1; b < binning.bins(); b++) {
            assertThat(binning.woe()[b]).isGreaterThan(binning.woe()[b - 1]);
        }
        assertThat(WoeBinning.categorical(x, y, MONOTONE, "b").missingWoe()).isEqualTo(binning.woe()[1]);
    }

    private static void category(List<String> values, List<Integer> labels, String name, int count, int bads) {
        for (int i = 0; i < count; i++) {
            values.add(name);
            labels.add(i < bads ? 1 : 0);
        }
    }
}
