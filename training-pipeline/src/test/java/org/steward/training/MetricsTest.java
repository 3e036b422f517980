package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The evaluation statistics on cases small enough to compute by hand, and AUC against its definition. */
class MetricsTest {

    // The classic four-row case: a good at 0.1, a bad at 0.35, a good at 0.4, a bad at 0.8.
    private static final double[] P = {0.1, 0.4, 0.35, 0.8};
    private static final int[] Y = {0, 0, 1, 1};

    @Test
    void aucGiniKsBrierAndLogLossOfTheFourRowCase() {
        // bad/good pairs ranked right: (0.35 > 0.1), (0.8 > 0.1), (0.8 > 0.4); wrong: (0.35 < 0.4)
        assertThat(Metrics.auc(P, Y)).isEqualTo(0.75);
        assertThat(Metrics.gini(Metrics.auc(P, Y))).isEqualTo(0.5);
        // cumulative (bads, goods) by rising score: 0.1 (0, .5), 0.35 (.5, .5), 0.4 (.5, 1), 0.8 (1, 1)
        assertThat(Metrics.ks(P, Y)).isEqualTo(0.5);
        assertThat(Metrics.brier(P, Y)).isCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, within(1e-15));
        assertThat(Metrics.logLoss(P, Y)).isCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4,
                within(1e-15));
    }

    @Test
    void aucIsTheMannWhitneyCountWithTiesCountingHalf() {
        Random random = new Random(5);
        double[] p = new double[300];
        int[] y = new int[300];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(20) / 20.0; // many ties
            y[i] = random.nextDouble() < 0.2 + p[i] / 2 ? 1 : 0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Metrics.auc(p, y)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void ksOfTiedScoresIsTakenOnlyAfterAllTies() {
        double[] p = {0.5, 0.5, 0.5, 0.5};
        int[] y = {1, 0, 1, 0};
        assertThat(Metrics.ks(p, y)).isZero();
        assertThat(Metrics.auc(p, y)).isEqualTo(0.5);
    }

    @Test
    void psiOfHandComputedSharesAndTheFloorForEmptyBins() {
        assertThat(Metrics.psi(new long[] {50, 50}, new long[] {25, 75}))
                .isCloseTo((0.25 - 0.5) * Math.log(0.5) + (0.75 - 0.5) * Math.log(1.5), within(1e-15));
        assertThat(Metrics.psi(new long[] {100, 0}, new long[] {50, 50}))
                .isCloseTo((0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), within(1e-12));
        assertThat(Metrics.psi(new long[] {10, 20, 30}, new long[] {20, 40, 60})).isZero();
    }

    @Test
    void histogramsCompareTheSameBinsAndCountOtherCategoriesAndMissingValues() {
        Histogram reference = Histogram.ofCategories(new String[] {"a", "a", "b", null});
        Histogram later = reference.count(new String[] {"a", "c", "c", null});
        assertThat(reference.counts()).containsExactly(2, 1, 0, 1);
        assertThat(later.counts()).containsExactly(1, 0, 2, 1);
        assertThat(reference.psi(later)).isEqualTo(Metrics.psi(new long[] {2, 1, 0, 1}, new long[] {1, 0, 2, 1}));

        Histogram numbers = Histogram.ofNumbers(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Double.NaN});
        assertThat(numbers.cuts()).containsExactly(1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1);
        assertThat(numbers.counts()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void confusionAtTheCutoffDeclinesAtOrAboveIt() {
        Metrics.Confusion c = Metrics.confusion(P, Y, 0.4);
        assertThat(c.declinedBads()).isEqualTo(1);   // 0.8
        assertThat(c.declinedGoods()).isEqualTo(1);  // 0.4
        assertThat(c.approvedBads()).isEqualTo(1);   // 0.35
        assertThat(c.approvedGoods()).isEqualTo(1);  // 0.1
    }

    @Test
    void calibrationBandsAndCaptureByDecile() {
        List<Metrics.Band> bands = Metrics.calibration(P, Y, List.of(0.3, 0.5));
        assertThat(bands).extracting(Metrics.Band::count).containsExactly(1L, 2L, 1L);
        assertThat(bands.get(1).bads()).isEqualTo(1);
        assertThat(bands.get(1).meanPredicted()).isCloseTo(0.375, within(1e-15));
        assertThat(bands.get(0).lower()).isZero();
        assertThat(bands.get(2).upper()).isEqualTo(1);

        double[] p = new double[20];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            p[i] = i / 20.0;
            y[i] = i >= 16 ? 1 : 0; // the four riskiest are the bads
        }
        List<Metrics.Decile> deciles = Metrics.capture(p, y);
        assertThat(deciles).hasSize(10);
        assertThat(deciles).allSatisfy(d -> assertThat(d.count()).isEqualTo(2));
        assertThat(deciles.get(0).bads()).isEqualTo(2);
        assertThat(deciles.get(1).cumulativeBads()).isEqualTo(4);
        assertThat(deciles.get(9).cumulativeBads()).isEqualTo(deciles.get(9).totalBads());
    }

    @Test
    void theGiniIntervalIsReproducibleFromItsSeedAndHoldsTheGini() {
        Random random = new Random(3);
        double[] p = new double[200];
        int[] y = new int[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextDouble();
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        double[] first = Metrics.giniInterval(p, y, 100, new Random(42));
        double[] second = Metrics.giniInterval(p, y, 100, new Random(42));
        assertThat(second).containsExactly(first);
        assertThat(Metrics.gini(Metrics.auc(p, y))).isBetween(first[0], first[1]);
    }
}
