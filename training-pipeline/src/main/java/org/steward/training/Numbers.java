package org.steward.training;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The numerics every step shares, written so that the same inputs give the same bits on any machine:
 * {@link StrictMath} rather than {@link Math} (whose log and exp may differ in the last bit between CPUs and JVMs),
 * sums in a fixed order, and fixed-precision rounding wherever a number is written into an artifact or a profile.
 */
final class Numbers {

    /** Decimal places of every number Steward writes into an artifact or a reference profile itself. */
    static final int ARTIFACT_DECIMALS = 8;

    private Numbers() {
    }

    /** {@code x} rounded half-even to {@code decimals} places, from its exact binary value. */
    static double round(double x, int decimals) {
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    static double round(double x) {
        return round(x, ARTIFACT_DECIMALS);
    }

    static double sigmoid(double margin) {
        return 1.0 / (1.0 + StrictMath.exp(-margin));
    }

    /** The sorted non-NaN values of {@code values}. */
    static double[] sortedPresent(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(present);
        return present;
    }

    /**
     * The {@code p}-th percentile (0-100) of sorted values by linear interpolation between closest ranks
     * (Hyndman and Fan's type 7, the default of R and NumPy).
     */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double h = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /**
     * Cut points of {@code k} equal-frequency bins: the percentiles at 100·i/k for i = 1..k-1, rounded to
     * {@link #ARTIFACT_DECIMALS} places, without duplicates and without any at or below the minimum (which would
     * leave the first bin empty by construction). Bin {@code j} is {@code [cut[j-1], cut[j])}, open at both ends.
     */
    static double[] cutPoints(double[] sorted, int k) {
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] cuts = new double[k - 1];
        int n = 0;
        for (int i = 1; i < k; i++) {
            double cut = round(percentile(sorted, 100.0 * i / k));
            if (cut > sorted[0] && (n == 0 || cut > cuts[n - 1])) {
                cuts[n++] = cut;
            }
        }
        return Arrays.copyOf(cuts, n);
    }

    /** The bin of {@code x} under {@code cuts}: the number of cut points at or below it. */
    static int bin(double[] cuts, double x) {
        int lo = 0;
        int hi = cuts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** P(Z > z) for a standard normal Z. */
    static double normalUpperTail(double z) {
        return z < 0 ? 1 - 0.5 * erfc(-z / Math.sqrt(2)) : 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * The complementary error function for {@code x >= 0}, as the regularised upper incomplete gamma function
     * {@code Q(1/2, x²)}: its series below {@code x² = 1.5}, its continued fraction (modified Lentz) above, both to
     * double precision (Numerical Recipes, 3rd ed., §6.2).
     */
    static double erfc(double x) {
        double a = 0.5;
        double z = x * x;
        double lnGammaHalf = 0.5 * StrictMath.log(Math.PI);
        if (z < 1.5) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 500; n++) {
                term *= z / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-17) {
                    break;
                }
            }
            double p = sum * StrictMath.exp(-z + a * StrictMath.log(z) - lnGammaHalf);
            return 1 - p;
        }
        double tiny = 1e-300;
        double b = z + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 500; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return StrictMath.exp(-z + a * StrictMath.log(z) - lnGammaHalf) * h;
    }
}
