package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * An additive tree ensemble on the margin scale: {@code margin(x) = bias + Σ tree(x)}, with exact TreeSHAP over it.
 *
 * <p>Two exact algorithms, each in double precision:
 * <ul>
 *   <li>{@link #pathDependent}: Lundberg, Erion and Lee (2018), "Consistent individualized feature attribution for
 *       tree ensembles", Algorithm 2 — the Shapley values of {@code E[f(x) | x_S]} estimated from the trees' own
 *       covers. Needs covers; it is what XGBoost's {@code pred_contribs} and shap's default {@code TreeExplainer}
 *       compute. Trees whose {@link LeafTables} fit the budget are explained from those instead: the same values,
 *       several times faster.</li>
 *   <li>{@link #interventional}: Lundberg et al. (2020), "From local explanations to global understanding with
 *       explainable AI for trees" — the Shapley values of {@code E_z[f(x_S, z_rest)]} over a background sample, for
 *       models that carry no cover; it is shap's {@code feature_perturbation="interventional"}.</li>
 * </ul>
 * Both satisfy {@code base + Σ φ = margin(x)} up to double rounding. Immutable; the algorithms keep their scratch
 * space per call, so one ensemble serves concurrent callers.
 */
final class TreeEnsemble {

    /** At most this many doubles (32 MiB) of {@link LeafTables}; trees beyond it use Algorithm 2. */
    static final long TABLE_BUDGET = 1L << 22;

    private final List<Tree> trees;
    /** Per tree, its precomputed tables, or null where it has none (no cover, or the budget was spent). */
    private final List<LeafTables> tables;
    private final double bias;
    private final int features;
    private final int maxDepth;

    /**
     * @param bias     added to the sum of the trees: XGBoost's base margin, an ONNX ensemble's base value
     * @param features the length of the feature vectors; every split must use an index below it
     */
    TreeEnsemble(List<Tree> trees, double bias, int features) {
        this(trees, bias, features, TABLE_BUDGET);
    }

    /** @param tableBudget how many doubles of precomputed tables path-dependent TreeSHAP may keep */
    TreeEnsemble(List<Tree> trees, double bias, int features, long tableBudget) {
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("a tree ensemble needs at least one tree");
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("the ensemble's bias is " + bias);
        }
        int maxFeature = trees.stream().mapToInt(Tree::maxFeature).max().orElse(-1);
        if (maxFeature >= features) {
            throw new IllegalArgumentException("a split uses feature " + maxFeature + " but the model has " + features
                    + " inputs");
        }
        this.trees = List.copyOf(trees);
        this.bias = bias;
        this.features = features;
        this.maxDepth = trees.stream().mapToInt(Tree::depth).max().orElse(0);
        var tables = new ArrayList<LeafTables>();
        long left = tableBudget;
        for (Tree tree : trees) {
            long size = tree.hasCover() ? LeafTables.size(tree) : -1;
            boolean fits = size >= 0 && size <= left;
            tables.add(fits ? LeafTables.of(tree) : null);
            left -= fits ? size : 0;
        }
        this.tables = Collections.unmodifiableList(tables);
    }

    int features() {
        return features;
    }

    int treeCount() {
        return trees.size();
    }

    boolean hasCover() {
        return trees.stream().allMatch(Tree::hasCover);
    }

    /** For each feature, the distinct thresholds the trees split it at, in increasing order. */
    double[][] thresholdsByFeature() {
        List<TreeSet<Double>> byFeature = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            byFeature.add(new TreeSet<>());
        }
        for (Tree tree : trees) {
            for (int node = 0; node < tree.size(); node++) {
                if (!tree.isLeaf(node)) {
                    byFeature.get(tree.feature(node)).add(tree.threshold(node));
                }
            }
        }
        return byFeature.stream().map(set -> set.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new);
    }

    double margin(double[] x) {
        double sum = bias;
        for (Tree tree : trees) {
            sum += tree.predict(x);
        }
        return sum;
    }

    /** The base value of {@link #pathDependent}: the margin expected under the covers. */
    double expectedMargin() {
        double sum = bias;
        for (Tree tree : trees) {
            sum += tree.expectedValue();
        }
        return sum;
    }

    /** Path-dependent TreeSHAP values of {@code x}, one per feature. Requires covers. */
    double[] pathDependent(double[] x) {
        double[] phi = new double[features];
        PathDependent path = null;
        for (int t = 0; t < trees.size(); t++) {
            LeafTables table = tables.get(t);
            if (table != null) {
                table.explain(trees.get(t), x, phi);
            } else {
                path = path == null ? new PathDependent(maxDepth, x, phi) : path;
                path.explain(trees.get(t));
            }
        }
        return phi;
    }

    /** Interventional TreeSHAP values of {@code x} against {@code background}: the mean over its rows. */
    double[] interventional(double[] x, double[][] background) {
        double[] phi = new double[features];
        var intervention = new Interventional(maxDepth, features, x, phi);
        for (double[] z : background) {
            for (Tree tree : trees) {
                intervention.explain(tree, z);
            }
        }
        for (int i = 0; i < features; i++) {
            phi[i] /= background.length;
        }
        return phi;
    }

    /**
     * Algorithm 2 of Lundberg et al. (2018). The "unique path" of features met from the root is kept as parallel
     * arrays; each recursion level works on its own copy, {@code depth + 1} slots further on, so that returning
     * from a child leaves the parent's path intact without undoing anything.
     */
    private static final class PathDependent {
        private final double[] x;
        private final double[] phi;
        private final int[] feature;
        private final double[] zero;
        private final double[] one;
        private final double[] weight;
        private Tree tree;

        PathDependent(int maxDepth, double[] x, double[] phi) {
            this.x = x;
            this.phi = phi;
            int slots = (maxDepth + 2) * (maxDepth + 3) / 2 + maxDepth + 2;
            feature = new int[slots];
            zero = new double[slots];
            one = new double[slots];
            weight = new double[slots];
        }

        void explain(Tree tree) {
            this.tree = tree;
            recurse(0, 0, 0, 1, 1, -1);
        }

        private void recurse(int node, int depth, int parentOffset, double parentZero, double parentOne,
                             int parentFeature) {
            int offset = parentOffset + depth + 1;
            System.arraycopy(feature, parentOffset, feature, offset, depth);
            System.arraycopy(zero, parentOffset, zero, offset, depth);
            System.arraycopy(one, parentOffset, one, offset, depth);
            System.arraycopy(weight, parentOffset, weight, offset, depth);
            extend(offset, depth, parentZero, parentOne, parentFeature);

            if (tree.isLeaf(node)) {
                double value = tree.value(node);
                for (int i = 1; i <= depth; i++) {
                    double w = unwoundSum(offset, depth, i);
                    phi[feature[offset + i]] += w * (one[offset + i] - zero[offset + i]) * value;
                }
                return;
            }
            int split = tree.feature(node);
            int hot = tree.next(node, x);
            int cold = hot == tree.yes(node) ? tree.no(node) : tree.yes(node);
            double cover = tree.cover(node);
            double incomingZero = 1;
            double incomingOne = 1;
            // A feature met again further down: undo its earlier split so that both count as one.
            int pathIndex = 0;
            while (pathIndex <= depth && feature[offset + pathIndex] != split) {
                pathIndex++;
            }
            if (pathIndex <= depth) {
                incomingZero = zero[offset + pathIndex];
                incomingOne = one[offset + pathIndex];
                unwind(offset, depth, pathIndex);
                depth--;
            }
            recurse(hot, depth + 1, offset, tree.cover(hot) / cover * incomingZero, incomingOne, split);
            recurse(cold, depth + 1, offset, tree.cover(cold) / cover * incomingZero, 0, split);
        }

        private void extend(int o, int depth, double zeroFraction, double oneFraction, int featureIndex) {
            feature[o + depth] = featureIndex;
            zero[o + depth] = zeroFraction;
            one[o + depth] = oneFraction;
            weight[o + depth] = depth == 0 ? 1 : 0;
            for (int i = depth - 1; i >= 0; i--) {
                weight[o + i + 1] += oneFraction * weight[o + i] * (i + 1) / (depth + 1);
                weight[o + i] = zeroFraction * weight[o + i] * (depth - i) / (depth + 1);
            }
        }

        private void unwind(int o, int depth, int pathIndex) {
            double oneFraction = one[o + pathIndex];
            double zeroFraction = zero[o + pathIndex];
            double next = weight[o + depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (oneFraction != 0) {
                    double previous = weight[o + i];
                    weight[o + i] = next * (depth + 1) / ((i + 1) * oneFraction);
                    next = previous - weight[o + i] * zeroFraction * (depth - i) / (depth + 1);
                } else {
                    weight[o + i] = weight[o + i] * (depth + 1) / (zeroFraction * (depth - i));
                }
            }
            for (int i = pathIndex; i < depth; i++) {
                feature[o + i] = feature[o + i + 1];
                zero[o + i] = zero[o + i + 1];
                one[o + i] = one[o + i + 1];
            }
        }

        /** The total weight of the path with element {@code pathIndex} taken out, without changing the path. */
        private double unwoundSum(int o, int depth, int pathIndex) {
            double oneFraction = one[o + pathIndex];
            double zeroFraction = zero[o + pathIndex];
            double next = weight[o + depth];
            double total = 0;
            for (int i = depth - 1; i >= 0; i--) {
                if (oneFraction != 0) {
                    double share = next * (depth + 1) / ((i + 1) * oneFraction);
                    total += share;
                    next = weight[o + i] - share * zeroFraction * (depth - i) / (depth + 1);
                } else {
                    total += weight[o + i] / zeroFraction * (depth + 1) / (depth - i);
                }
            }
            return total;
        }
    }

    /**
     * Interventional TreeSHAP for one foreground row {@code x} and one background row {@code z} at a time. Walking
     * down, a split on which x and z go the same way does not involve its feature; where they part, the feature
     * either follows x (it joins the coalition, "plus") or z ("minus") — unless it already chose on this path. A
     * leaf reached with {@code p} plus and {@code n} minus features is the game's value exactly for the coalitions
     * holding all plus and no minus features, so each plus feature gains {@code value · (p-1)! n! / (p+n)!} and each
     * minus feature loses {@code value · p! (n-1)! / (p+n)!}.
     */
    private static final class Interventional {
        private static final byte FREE = 0;
        private static final byte PLUS = 1;
        private static final byte MINUS = 2;

        private final double[] x;
        private final double[] phi;
        private final byte[] state;
        private final int[] chosen;
        /** {@code share[p][n] = p! n! / (p+n+1)!}: the Shapley weight of a coalition with p plus, n minus others. */
        private final double[][] share;
        private Tree tree;
        private double[] z;

        Interventional(int maxDepth, int features, double[] x, double[] phi) {
            this.x = x;
            this.phi = phi;
            this.state = new byte[features];
            this.chosen = new int[maxDepth + 1];
            this.share = new double[maxDepth + 1][maxDepth + 1];
            for (int p = 0; p <= maxDepth; p++) {
                for (int n = 0; p + n <= maxDepth; n++) {
                    share[p][n] = Shapley.weight(p, p + n + 1);
                }
            }
        }

        void explain(Tree tree, double[] z) {
            this.tree = tree;
            this.z = z;
            recurse(0, 0, 0, 0);
        }

        private void recurse(int node, int depth, int plus, int minus) {
            if (tree.isLeaf(node)) {
                double value = tree.value(node);
                for (int i = 0; i < depth; i++) {
                    int f = chosen[i];
                    phi[f] += state[f] == PLUS ? value * share[plus - 1][minus] : -value * share[plus][minus - 1];
                }
                return;
            }
            int f = tree.feature(node);
            int xChild = tree.next(node, x);
            int zChild = tree.next(node, z);
            if (xChild == zChild) {
                recurse(xChild, depth, plus, minus);
            } else if (state[f] == PLUS) {
                recurse(xChild, depth, plus, minus);
            } else if (state[f] == MINUS) {
                recurse(zChild, depth, plus, minus);
            } else {
                chosen[depth] = f;
                state[f] = PLUS;
                recurse(xChild, depth + 1, plus + 1, minus);
                state[f] = MINUS;
                recurse(zChild, depth + 1, plus, minus + 1);
                state[f] = FREE;
            }
        }
    }
}
