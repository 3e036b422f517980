package org.steward.governance.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * The population stability index of the out-of-time scores against the development scores, on the development
 * deciles: {@code PSI = Σ (actual − expected) · ln(actual / expected)} over the bands, each share floored at
 * {@value #FLOOR} so that an empty band counts as a large shift instead of an infinite one. Read as the banking
 * convention: below 0.10 stable, 0.10-0.25 watch, above 0.25 act.
 */
public record Stability(double psi, List<Band> bands) {

    /** The smallest share a band may have in the sum. */
    public static final double FLOOR = 1e-4;

    /**
     * @param expected the development share in the band
     * @param actual   the out-of-time share in the band
     */
    public record Band(double lower, double upper, double expected, double actual, double contribution) {
    }

    public Stability {
        bands = List.copyOf(bands);
    }

    static Stability of(ScoreBands scoreBands, double[] development, double[] outOfTime) {
        if (development.length == 0 || outOfTime.length == 0) {
            throw new IllegalArgumentException("stability needs development and out-of-time scores");
        }
        long[] dev = scoreBands.counts(development);
        long[] oot = scoreBands.counts(outOfTime);
        List<Band> bands = new ArrayList<>();
        double psi = 0;
        for (int i = 0; i < scoreBands.size(); i++) {
            double expected = (double) dev[i] / development.length;
            double actual = (double) oot[i] / outOfTime.length;
            double e = Math.max(expected, FLOOR);
            double a = Math.max(actual, FLOOR);
            double contribution = (a - e) * Math.log(a / e);
            psi += contribution;
            bands.add(new Band(scoreBands.lower(i), scoreBands.upper(i), expected, actual, contribution));
        }
        return new Stability(psi, bands);
    }
}
