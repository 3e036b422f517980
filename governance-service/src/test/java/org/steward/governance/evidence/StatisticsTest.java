package org.steward.governance.evidence;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics behind the gates, on samples small enough to work out by hand, and the beta function against SciPy. */
class StatisticsTest {

    @Test
    void theIncompleteBetaMatchesSciPy() {
        // scipy.special.betainc(a, b, x) and scipy.stats.beta.cdf, SciPy 1.17.1
        assertThat(BetaDistribution.cdf(0.3, 2.5, 7.5)).isCloseTo(0.6789434858661821, within(1e-13));
        assertThat(BetaDistribution.cdf(0.01, 0.5, 30.5)).isCloseTo(0.564484693193997, within(1e-13));
        assertThat(BetaDistribution.cdf(0.7, 100.5, 50.5)).isCloseTo(0.8141689927785827, within(1e-13));
        assertThat(BetaDistribution.cdf(0.42, 1, 1)).isCloseTo(0.42, within(1e-15));
        assertThat(BetaDistribution.cdf(0.05, 0.5, 20.5)).isCloseTo(0.8505294950469933, within(1e-13));
        // scipy.stats.binom.sf(11, 40, 0.2) and binom.cdf(12, 40, 0.2)
        assertThat(BetaDistribution.binomialUpperTail(12, 40, 0.2)).isCloseTo(0.08750523592200611, within(1e-13));
        assertThat(BetaDistribution.binomialLowerTail(12, 40, 0.2)).isCloseTo(0.9567583776236763, within(1e-13));
        assertThat(BetaDistribution.binomialUpperTail(0, 40, 0.2)).isEqualTo(1.0);
        assertThat(BetaDistribution.binomialLowerTail(40, 40, 0.2)).isEqualTo(1.0);
    }

    @Test
    void aucCountsOrderedPairsAndTiesCountOneHalf() {
        // bads 0.9 and 0.7, goods 0.8 and 0.3: three of the four bad-good pairs are ordered
        Discrimination d = Discrimination.of(new double[]{0.9, 0.8, 0.7, 0.3}, new boolean[]{true, false, true, false});

        assertThat(d.auc()).isEqualTo(0.75);
        assertThat(d.gini()).isEqualTo(0.5);
        assertThat(d.ks()).isEqualTo(0.5);
        assertThat(d.roc()).containsExactly(new Discrimination.RocPoint(0, 0), new Discrimination.RocPoint(0, 0.5),
                new Discrimination.RocPoint(0.5, 0.5), new Discrimination.RocPoint(0.5, 1), new Discrimination.RocPoint(1, 1));

        Discrimination tied = Discrimination.of(new double[]{0.5, 0.5, 0.1}, new boolean[]{true, false, false});
        assertThat(tied.auc()).as("one tie (1/2) and one ordered pair (1), of two").isEqualTo(0.75);
        assertThat(Discrimination.of(new double[]{0.2, 0.4}, new boolean[]{false, false}).gini()).isNaN();
    }

    @Test
    void bandsAreTheDevelopmentDecilesWithEqualEdgesMerged() {
        double[] dev = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10};
        ScoreBands bands = ScoreBands.deciles(dev);
        assertThat(bands.uppers()).containsExactly(0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09);
        assertThat(bands.band(0.05)).as("upper edges are inclusive").isEqualTo(4);
        assertThat(bands.band(0.051)).isEqualTo(5);
        assertThat(bands.lower(0)).isZero();
        assertThat(bands.upper(9)).isEqualTo(1.0);

        ScoreBands fewScores = ScoreBands.deciles(new double[]{0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.3, 0.3});
        assertThat(fewScores.uppers()).containsExactly(0.1);
        assertThat(ScoreBands.deciles(new double[]{0.2, 0.2}).size()).isEqualTo(1);
    }

    @Test
    void psiSumsTheShiftPerBandWithEmptyBandsFloored() {
        double[] dev = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10};
        double[] oot = new double[20];
        Arrays.fill(oot, 0.05);

        Stability stability = Stability.of(ScoreBands.deciles(dev), dev, oot);

        double expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
        assertThat(stability.psi()).isCloseTo(expected, within(1e-12));
        assertThat(stability.bands()).hasSize(10);
        assertThat(stability.bands().get(4).actual()).isEqualTo(1.0);
        assertThat(stability.bands().get(0).actual()).as("shown unfloored").isZero();
        assertThat(Stability.of(ScoreBands.deciles(dev), dev, dev).psi()).isZero();
    }

    @Test
    void calibrationTestsEachBandWithJeffreysAndBonferroni() {
        // One band: 40 applicants predicted at 20%, 12 of them bad (30%).
        double[] p = new double[40];
        Arrays.fill(p, 0.2);
        boolean[] bad = new boolean[40];
        Arrays.fill(bad, 0, 12, true);

        Calibration calibration = Calibration.of(ScoreBands.deciles(p), p, bad);

        Calibration.Band band = calibration.bands().getFirst();
        assertThat(band.count()).isEqualTo(40);
        assertThat(band.bads()).isEqualTo(12);
        assertThat(band.meanPredicted()).isCloseTo(0.2, within(1e-15));
        assertThat(band.observedRate()).isEqualTo(0.3);
        // SciPy: 2 * min(beta.cdf(0.2, 12.5, 28.5), 1 - …) and 2 * min(binom.cdf(12, 40, .2), binom.sf(11, 40, .2))
        assertThat(band.jeffreysPValue()).isCloseTo(0.12451948659777992, within(1e-12));
        assertThat(band.binomialPValue()).isCloseTo(2 * 0.08750523592200611, within(1e-12));
        assertThat(calibration.passed()).isTrue();
        assertThat(calibration.pValue()).isCloseTo(0.12451948659777992, within(1e-12));

        // Ten bands, well calibrated but the last: predicted 50%, observed 75% (Jeffreys p ≈ 0.0012, ×10 < 5%).
        double[] many = new double[400];
        boolean[] manyBad = new boolean[400];
        for (int b = 0; b < 10; b++) {
            Arrays.fill(many, b * 40, b * 40 + 40, 0.05 + b * 0.05);
            int bads = (int) Math.round(40 * (0.05 + b * 0.05)) + (b == 9 ? 10 : 0);
            Arrays.fill(manyBad, b * 40, b * 40 + bads, true);
        }
        Calibration tenBands = Calibration.of(ScoreBands.deciles(many), many, manyBad);
        assertThat(tenBands.bands()).hasSize(10);
        Calibration.Band worst = tenBands.bands().getLast();
        assertThat(tenBands.pValue()).isCloseTo(Math.min(1, 10 * worst.jeffreysPValue()), within(1e-15));
        assertThat(tenBands.passed()).isFalse();
        assertThat(worst.rejected()).isTrue();
        assertThat(tenBands.bands().subList(0, 9)).noneMatch(Calibration.Band::rejected);
    }
}
