package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kernel SHAP regression against Shapley values computed from their definition. */
class KernelShapTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8, KernelShap.EXACT_FEATURES})
    void withEveryCoalitionItIsTheShapleyValueOfAnyGame(int m) {
        var random = new Random(m);
        double[] game = new double[1 << m];
        for (int s = 0; s < game.length; s++) {
            game[s] = random.nextGaussian();
        }
        List<KernelShap.Coalition> coalitions = KernelShap.coalitions(m);
        double[] values = coalitions.stream().mapToDouble(c -> game[(int) mask(c.members())]).toArray();

        double[] phi = KernelShap.solve(m, coalitions, values, game[0], game[game.length - 1]);

        assertThat(coalitions).hasSize((1 << m) - 2);
        double[] exact = shapley(m, s -> game[s]);
        for (int i = 0; i < m; i++) {
            assertThat(phi[i]).isCloseTo(exact[i], within(1e-9));
        }
    }

    @Test
    void beyondThatItSamplesDeterministicallyWithinBudgetAndStaysExactForAdditiveGames() {
        int m = 16;
        List<KernelShap.Coalition> coalitions = KernelShap.coalitions(m);
        var random = new Random(5);
        double[] effect = random.doubles(m).toArray();
        double[] values = coalitions.stream().mapToDouble(c -> c.members().stream().mapToDouble(i -> effect[i]).sum())
                .toArray();
        double full = java.util.Arrays.stream(effect).sum();

        double[] phi = KernelShap.solve(m, coalitions, values, 0, full);

        assertThat(coalitions.size()).isLessThanOrEqualTo(2 * m + 2048).isGreaterThan(m);
        assertThat(KernelShap.coalitions(m)).isEqualTo(coalitions);
        for (int i = 0; i < m; i++) {
            assertThat(phi[i]).isCloseTo(effect[i], within(1e-9));
        }
        assertThat(coalitions.stream().mapToDouble(KernelShap.Coalition::weight).sum()).isCloseTo(1, within(1e-9));
    }

    @Test
    void sampledValuesAreCloseToTheShapleyValuesOfAGameWithInteractions() {
        int m = 13;
        var random = new Random(9);
        double[] main = random.doubles(m, -1, 1).toArray();
        ToDoubleFunction<Integer> game = s -> {
            double v = 0;
            for (int i = 0; i < m; i++) {
                if ((s & 1 << i) != 0) {
                    v += main[i] + ((s & 1 << (i + 1) % m) != 0 ? 0.3 : 0);
                }
            }
            return v;
        };
        List<KernelShap.Coalition> coalitions = KernelShap.coalitions(m);
        double[] values = coalitions.stream().mapToDouble(c -> game.applyAsDouble((int) mask(c.members()))).toArray();

        double[] phi = KernelShap.solve(m, coalitions, values, game.applyAsDouble(0),
                game.applyAsDouble((1 << m) - 1));

        double[] exact = shapley(m, game);
        double sum = 0;
        for (int i = 0; i < m; i++) {
            assertThat(phi[i]).isCloseTo(exact[i], within(0.02));
            sum += phi[i];
        }
        assertThat(sum).isCloseTo(game.applyAsDouble((1 << m) - 1) - game.applyAsDouble(0), within(1e-12));
    }

    private static long mask(BitSet members) {
        return members.isEmpty() ? 0 : members.toLongArray()[0];
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double[] shapley(int m, ToDoubleFunction<Integer> game) {
        double[] phi = new double[m];
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < 1 << m; s++) {
                if ((s & 1 << i) == 0) {
                    int size = Integer.bitCount(s);
                    double weight = factorial(size) * factorial(m - size - 1) / factorial(m);
                    phi[i] += weight * (game.applyAsDouble(s | 1 << i) - game.applyAsDouble(s));
                }
            }
        }
        return phi;
    }
}
