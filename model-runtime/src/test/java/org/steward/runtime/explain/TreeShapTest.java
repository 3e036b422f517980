package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Both TreeSHAP algorithms against the definition: Shapley values computed by brute force over every coalition of
 * the game each algorithm claims to solve, on random ensembles with every comparison kind, missing values, repeated
 * features on a path, and covers that are not quite additive (as float32 sums are not).
 */
class TreeShapTest {

    private static final int FEATURES = 6;

    /** Algorithm 2 alone (no table budget), tables alone, and a mix: the same values, those of the definition. */
    @RepeatedTest(40)
    void pathDependentTreeShapIsTheShapleyValueOfTheCoverWeightedGame(RepetitionInfo repetition) {
        var random = new Random(repetition.getCurrentRepetition());
        Drawn drawn = randomEnsemble(random, true);
        for (long budget : new long[] {0, 40, TreeEnsemble.TABLE_BUDGET}) {
            var ensemble = new TreeEnsemble(drawn.trees(), drawn.bias(), FEATURES, budget);
            for (int r = 0; r < 10; r++) {
                double[] x = randomRow(random);
                double[] phi = ensemble.pathDependent(x);
                double[] exact = shapley(coalition -> drawn.conditional(x, coalition));

                for (int i = 0; i < FEATURES; i++) {
                    assertThat(phi[i]).as("feature %d, table budget %d", i, budget).isCloseTo(exact[i], within(1e-10));
                }
                assertThat(ensemble.expectedMargin()).isCloseTo(drawn.conditional(x, 0), within(1e-10));
                assertThat(ensemble.expectedMargin() + sum(phi)).isCloseTo(ensemble.margin(x), within(1e-10));
            }
        }
    }

    @RepeatedTest(40)
    void interventionalTreeShapIsTheShapleyValueOfTheBackgroundGame(RepetitionInfo repetition) {
        var random = new Random(1000 + repetition.getCurrentRepetition());
        TreeEnsemble ensemble = randomEnsemble(random, false).ensemble();
        double[][] background = new double[7][];
        for (int b = 0; b < background.length; b++) {
            background[b] = randomRow(random);
        }
        for (int r = 0; r < 10; r++) {
            double[] x = randomRow(random);
            double[] phi = ensemble.interventional(x, background);
            double[] exact = shapley(coalition -> {
                double sum = 0;
                for (double[] z : background) {
                    double[] mixed = z.clone();
                    for (int i = 0; i < FEATURES; i++) {
                        if ((coalition & 1 << i) != 0) {
                            mixed[i] = x[i];
                        }
                    }
                    sum += ensemble.margin(mixed);
                }
                return sum / background.length;
            });

            for (int i = 0; i < FEATURES; i++) {
                assertThat(phi[i]).as("feature %d", i).isCloseTo(exact[i], within(1e-10));
            }
        }
    }

    @Test
    void aTreeThatIsNotOneTreeIsRefused() {
        var lt = Tree.Comparison.LT;
        var comparisons = new Tree.Comparison[] {lt, lt, lt};
        boolean[] missing = new boolean[3];
        double[] zeros = new double[3];
        // node 2 is reached from both sides of the root
        assertThatThrownBy(() -> new Tree(new int[] {0, -1, -1}, zeros, comparisons, missing, new int[] {2, 0, 0},
                new int[] {2, 0, 0}, zeros, null)).hasMessageContaining("not a fresh node");
        // node 2 is not reached at all
        assertThatThrownBy(() -> new Tree(new int[] {-1, -1, -1}, zeros, comparisons, missing, new int[3],
                new int[3], zeros, null)).hasMessageContaining("not reachable");
        // a zero cover would divide by zero in the algorithm
        assertThatThrownBy(() -> new Tree(new int[] {0, -1, -1}, zeros, comparisons, missing, new int[] {1, 0, 0},
                new int[] {2, 0, 0}, zeros, new double[] {1, 0, 1})).hasMessageContaining("cover");
        assertThatThrownBy(() -> new TreeEnsemble(List.of(new Tree(new int[] {7, -1, -1}, zeros, comparisons, missing,
                new int[] {1, 0, 0}, new int[] {2, 0, 0}, zeros, null)), 0, 3)).hasMessageContaining("feature 7");
    }

    /** The Shapley values of a game on {@link #FEATURES} players, by its definition. */
    private static double[] shapley(ToDoubleFunction<Integer> game) {
        double[] value = new double[1 << FEATURES];
        for (int s = 0; s < value.length; s++) {
            value[s] = game.applyAsDouble(s);
        }
        double[] phi = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            for (int s = 0; s < value.length; s++) {
                if ((s & 1 << i) == 0) {
                    int size = Integer.bitCount(s);
                    double weight = factorial(size) * factorial(FEATURES - size - 1) / factorial(FEATURES);
                    phi[i] += weight * (value[s | 1 << i] - value[s]);
                }
            }
        }
        return phi;
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    /** A random ensemble with the trees and bias it was built from. */
    private record Drawn(TreeEnsemble ensemble, List<Tree> trees, double bias) {

        /**
         * {@code E[f(x) | x_S]} as path-dependent TreeSHAP defines it: a split on a feature in S follows x, any
         * other split averages its children weighted by their share of the node's cover.
         */
        double conditional(double[] x, int coalition) {
            double sum = bias;
            for (Tree tree : trees) {
                sum += conditional(tree, 0, x, coalition);
            }
            return sum;
        }

        private static double conditional(Tree tree, int node, double[] x, int coalition) {
            if (tree.isLeaf(node)) {
                return tree.value(node);
            }
            if ((coalition & 1 << tree.feature(node)) != 0) {
                return conditional(tree, tree.next(node, x), x, coalition);
            }
            return (tree.cover(tree.yes(node)) * conditional(tree, tree.yes(node), x, coalition)
                    + tree.cover(tree.no(node)) * conditional(tree, tree.no(node), x, coalition)) / tree.cover(node);
        }
    }

    private static Drawn randomEnsemble(Random random, boolean cover) {
        var trees = new ArrayList<Tree>();
        int count = 1 + random.nextInt(4);
        for (int t = 0; t < count; t++) {
            trees.add(randomTree(random, cover));
        }
        double bias = random.nextGaussian();
        return new Drawn(new TreeEnsemble(trees, bias, FEATURES), trees, bias);
    }

    /** A random tree of depth up to 5 over {@link #FEATURES} features, which repeat along paths. */
    private static Tree randomTree(Random random, boolean withCover) {
        int capacity = 64;
        int[] feature = new int[capacity];
        double[] threshold = new double[capacity];
        var comparison = new Tree.Comparison[capacity];
        boolean[] missingYes = new boolean[capacity];
        int[] yes = new int[capacity];
        int[] no = new int[capacity];
        double[] value = new double[capacity];
        double[] cover = new double[capacity];
        int[] size = {1};
        grow(random, 0, 0, feature, threshold, comparison, missingYes, yes, no, value, size);
        int n = size[0];
        for (int node = n - 1; node >= 0; node--) {
            cover[node] = feature[node] == Tree.LEAF ? 1 + random.nextInt(50)
                    // a hair off the children's sum, as float32 covers are
                    : (cover[yes[node]] + cover[no[node]]) * (1 + 1e-7 * random.nextGaussian());
        }
        return new Tree(Arrays.copyOf(feature, n), Arrays.copyOf(threshold, n),
                Arrays.copyOf(comparison, n), Arrays.copyOf(missingYes, n),
                Arrays.copyOf(yes, n), Arrays.copyOf(no, n), Arrays.copyOf(value, n),
                withCover ? Arrays.copyOf(cover, n) : null);
    }

    private static void grow(Random random, int node, int depth, int[] feature, double[] threshold,
                             Tree.Comparison[] comparison, boolean[] missingYes, int[] yes, int[] no,
                             double[] value, int[] size) {
        comparison[node] = Tree.Comparison.values()[random.nextInt(Tree.Comparison.values().length)];
        if (depth == 5 || (depth > 0 && random.nextInt(4) == 0)) {
            feature[node] = Tree.LEAF;
            value[node] = random.nextGaussian();
            return;
        }
        feature[node] = random.nextInt(FEATURES);
        threshold[node] = random.nextInt(5);
        missingYes[node] = random.nextBoolean();
        yes[node] = size[0]++;
        no[node] = size[0]++;
        grow(random, yes[node], depth + 1, feature, threshold, comparison, missingYes, yes, no, value, size);
        grow(random, no[node], depth + 1, feature, threshold, comparison, missingYes, yes, no, value, size);
    }

    /** Values on the thresholds' grid (so EQ and NEQ splits go both ways), and some missing. */
    private static double[] randomRow(Random random) {
        double[] x = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            x[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(6) - 0.5 * random.nextInt(2);
        }
        return x;
    }
}
