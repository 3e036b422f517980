package org.steward.governance.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the predicted probability of bad matches the observed bad rate, band by band on the out-of-time window.
 *
 * <p>The test is the Jeffreys test the ECB's validation guidance uses for PD models: with {@code d} bads among
 * {@code n} applicants, the posterior of the band's true bad rate is Beta(d + ½, n − d + ½); its two-sided p-value
 * for the band's mean predicted probability {@code PD} is {@code 2·min(F(PD), 1 − F(PD))}, so both under- and
 * over-prediction count. The exact two-sided binomial p-value is shown beside it for readers used to that test.
 * With one test per band, the family-wise level is held by Bonferroni: a band rejects when {@code k·p < α} for
 * {@code k} non-empty bands and α = {@value #ALPHA}; calibration passes when no band rejects. The single p-value
 * reported is the smallest Bonferroni-adjusted one, {@code min(1, k·min p)}, which passes exactly when it is at
 * least α.
 */
public record Calibration(boolean passed, double pValue, double alpha, List<Band> bands) {

    public static final double ALPHA = 0.05;

    /**
     * @param meanPredicted     the mean predicted probability of bad in the band
     * @param observedRate      the share of bads in the band
     * @param jeffreysPValue    two-sided, before adjustment
     * @param binomialPValue    exact two-sided ({@code 2·min} of the tails, at most 1), before adjustment
     * @param rejected          {@code k·jeffreysPValue < α}
     */
    public record Band(double lower, double upper, long count, long bads, double meanPredicted, double observedRate,
                       double jeffreysPValue, double binomialPValue, boolean rejected) {
    }

    public Calibration {
        bands = List.copyOf(bands);
    }

    static Calibration of(ScoreBands scoreBands, double[] probabilities, boolean[] bad) {
        int size = scoreBands.size();
        long[] counts = new long[size];
        long[] bads = new long[size];
        double[] sums = new double[size];
        for (int i = 0; i < probabilities.length; i++) {
            int band = scoreBands.band(probabilities[i]);
            counts[band]++;
            bads[band] += bad[i] ? 1 : 0;
            sums[band] += probabilities[i];
        }
        long tested = 0;
        for (long c : counts) {
            tested += c > 0 ? 1 : 0;
        }
        if (tested == 0) {
            throw new IllegalArgumentException("calibration needs out-of-time scores");
        }
        List<Band> result = new ArrayList<>();
        double smallest = 1;
        for (int i = 0; i < size; i++) {
            if (counts[i] == 0) {
                continue;
            }
            long n = counts[i];
            long d = bads[i];
            double pd = sums[i] / n;
            double f = BetaDistribution.cdf(pd, d + 0.5, n - d + 0.5);
            double jeffreys = Math.min(1, 2 * Math.min(f, 1 - f));
            double binomial = Math.min(1, 2 * Math.min(BetaDistribution.binomialLowerTail(d, n, pd),
                    BetaDistribution.binomialUpperTail(d, n, pd)));
            smallest = Math.min(smallest, jeffreys);
            result.add(new Band(scoreBands.lower(i), scoreBands.upper(i), n, d, pd, (double) d / n, jeffreys, binomial,
                    tested * jeffreys < ALPHA));
        }
        double adjusted = Math.min(1, tested * smallest);
        return new Calibration(adjusted >= ALPHA, adjusted, ALPHA, result);
    }
}
