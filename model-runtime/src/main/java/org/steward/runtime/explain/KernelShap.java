package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Kernel SHAP (Lundberg and Lee 2017): the Shapley values of {@code v(S) = E_z[f(x_S, z_rest)]} over a background
 * sample, as the weighted least-squares fit over coalitions with the Shapley kernel, under the efficiency constraint
 * {@code Σ φ = v(all) - v(∅)} — so explanations add up by construction.
 *
 * <p>With up to {@value #EXACT_FEATURES} varying features every coalition is used and the values are exactly the
 * Shapley values of that game. Beyond, {@code 2·M + 2048} coalitions are chosen as shap's {@code KernelExplainer}
 * does: whole coalition sizes from the outside in while the budget covers them, the rest sampled in complementary
 * pairs by their kernel weight — from a fixed seed, so the same row always gets the same values.
 */
final class KernelShap {

    static final int EXACT_FEATURES = 11;
    private static final int EXTRA_COALITIONS = 2048;
    private static final long SEED = 0x5EED_5A4D_1E5L;

    /** A set of features (bit i: feature i takes the row's value) and its weight in the regression. */
    record Coalition(BitSet members, double weight) {
    }

    private KernelShap() {
    }

    /** The coalitions for {@code m} features: all of them when few enough, else a deterministic sample. */
    static List<Coalition> coalitions(int m) {
        if (m < 2) {
            return List.of();
        }
        if (m <= EXACT_FEATURES) {
            var all = new ArrayList<Coalition>();
            for (int mask = 1; mask < (1 << m) - 1; mask++) {
                BitSet members = BitSet.valueOf(new long[] {mask});
                int size = members.cardinality();
                all.add(new Coalition(members, (m - 1) / (Shapley.binomial(m, size) * size * (m - size))));
            }
            return all;
        }
        return sampled(m, 2 * m + EXTRA_COALITIONS);
    }

    private static List<Coalition> sampled(int m, int budget) {
        int sizes = m / 2;                  // ceil((m - 1) / 2): sizes 1..sizes, each paired with m - size
        int paired = (m - 1) / 2;          // sizes whose complement has a different size
        double[] kernel = new double[sizes + 1];
        double total = 0;
        for (int s = 1; s <= sizes; s++) {
            kernel[s] = (m - 1) / (double) (s * (m - s)) * (s <= paired ? 2 : 1);
            total += kernel[s];
        }
        for (int s = 1; s <= sizes; s++) {
            kernel[s] /= total;
        }
        var chosen = new LinkedHashMap<BitSet, Double>();
        int left = budget;
        double weightLeft = 1;
        int full = 0;
        for (int s = 1; s <= sizes; s++) {
            double count = Shapley.binomial(m, s) * (s <= paired ? 2 : 1);
            if (left * kernel[s] / weightLeft < count - 1e-8) {
                break;
            }
            full = s;
            left -= (int) count;
            weightLeft -= kernel[s];
            double each = kernel[s] / count;
            for (BitSet members : subsets(m, s)) {
                chosen.put(members, each);
                if (s <= paired) {
                    chosen.put(complement(members, m), each);
                }
            }
        }
        if (full < sizes && left > 0) {
            var random = new SplittableRandom(SEED);
            var samples = new LinkedHashMap<BitSet, Double>();
            double drawn = 0;
            while (left > 0) {
                int s = drawSize(random, kernel, full + 1, sizes, weightLeft);
                BitSet members = randomSubset(random, m, s);
                samples.merge(members, 1.0, Double::sum);
                drawn++;
                left--;
                if (s <= paired && left > 0) {
                    samples.merge(complement(members, m), 1.0, Double::sum);
                    drawn++;
                    left--;
                }
            }
            double scale = weightLeft / drawn;
            samples.forEach((members, times) -> chosen.merge(members, times * scale, Double::sum));
        }
        var coalitions = new ArrayList<Coalition>(chosen.size());
        chosen.forEach((members, weight) -> coalitions.add(new Coalition(members, weight)));
        return coalitions;
    }

    private static int drawSize(SplittableRandom random, double[] kernel, int from, int to, double weightLeft) {
        double u = random.nextDouble() * weightLeft;
        for (int s = from; s < to; s++) {
            u -= kernel[s];
            if (u < 0) {
                return s;
            }
        }
        return to;
    }

    private static BitSet randomSubset(SplittableRandom random, int m, int size) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        var members = new BitSet(m);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(m - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            members.set(order[i]);
        }
        return members;
    }

    private static List<BitSet> subsets(int m, int size) {
        var subsets = new ArrayList<BitSet>();
        int[] index = new int[size];
        for (int i = 0; i < size; i++) {
            index[i] = i;
        }
        while (true) {
            var members = new BitSet(m);
            for (int i : index) {
                members.set(i);
            }
            subsets.add(members);
            int i = size - 1;
            while (i >= 0 && index[i] == m - size + i) {
                i--;
            }
            if (i < 0) {
                return subsets;
            }
            index[i]++;
            for (int j = i + 1; j < size; j++) {
                index[j] = index[j - 1] + 1;
            }
        }
    }

    private static BitSet complement(BitSet members, int m) {
        BitSet complement = (BitSet) members.clone();
        complement.flip(0, m);
        return complement;
    }

    /**
     * The Shapley values from the coalitions' values: weighted least squares of {@code v(S) - v(∅)} on the
     * membership indicators, with the last feature eliminated through {@code Σ φ = v(all) - v(∅)}.
     *
     * @param values the game's value for each coalition, in the order of {@code coalitions}
     * @param empty  {@code v(∅)}
     * @param full   {@code v(all)}
     */
    static double[] solve(int m, List<Coalition> coalitions, double[] values, double empty, double full) {
        double total = full - empty;
        if (m == 1) {
            return new double[] {total};
        }
        int last = m - 1;
        double[][] a = new double[last][last];
        double[] b = new double[last];
        double[] d = new double[last];
        for (int c = 0; c < coalitions.size(); c++) {
            Coalition coalition = coalitions.get(c);
            double zLast = coalition.members().get(last) ? 1 : 0;
            for (int i = 0; i < last; i++) {
                d[i] = (coalition.members().get(i) ? 1 : 0) - zLast;
            }
            double y = values[c] - empty - zLast * total;
            double w = coalition.weight();
            for (int i = 0; i < last; i++) {
                if (d[i] == 0) {
                    continue;
                }
                b[i] += w * d[i] * y;
                for (int j = 0; j < last; j++) {
                    a[i][j] += w * d[i] * d[j];
                }
            }
        }
        double[] phi = new double[m];
        double[] solved = solveLinear(a, b);
        double sum = 0;
        for (int i = 0; i < last; i++) {
            phi[i] = solved[i];
            sum += solved[i];
        }
        phi[last] = total - sum;
        return phi;
    }

    /** Gaussian elimination with partial pivoting; the normal equations here are small and well conditioned. */
    private static double[] solveLinear(double[][] a, double[] b) {
        int n = b.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-300) {
                throw new IllegalStateException("Kernel SHAP: the coalitions do not determine the values");
            }
            double[] rowSwap = a[col];
            a[col] = a[pivot];
            a[pivot] = rowSwap;
            double bSwap = b[col];
            b[col] = b[pivot];
            b[pivot] = bSwap;
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                for (int k = col; k < n; k++) {
                    a[row][k] -= factor * a[col][k];
                }
                b[row] -= factor * b[col];
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = b[row];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * x[k];
            }
            x[row] = sum / a[row][row];
        }
        return x;
    }
}
