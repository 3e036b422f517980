package org.steward.runtime.explain;

import java.util.Arrays;

/**
 * Path-dependent TreeSHAP for one tree from tables computed once per model, in the spirit of Yang's FastTreeSHAP v2
 * (2022): a request then costs one pass over the tree's nodes and a lookup per leaf and path feature, instead of
 * Algorithm 2's {@code O(leaves · depth²)} arithmetic — what makes reason codes from 500 trees fit in a millisecond.
 *
 * <p>The game of path-dependent TreeSHAP adds up, over the leaves, {@code v · Π_j (o_j if j ∈ S else z_j)} for the
 * {@code d} distinct features j on the leaf's path, where {@code z_j} is the product of the cover ratios of the
 * path's splits on j and {@code o_j} is 1 when x takes the path at all of them. With {@code A} the set of path
 * features x satisfies and {@code U(B) = Σ_{S ⊆ B} s!(d-s-1)!/d! · Π_{j ∉ S} z_j}, a leaf gives feature i
 * {@code v · (1 - z_i) / z_i · U(A \ {i})} when i ∈ A and {@code -v · U(A)} otherwise: U, {@code 2^d} numbers per
 * leaf, is all that depends on the tree alone. Path features are numbered in the order the path meets them, so a
 * leaf's set A is a bit mask filled in on the way down.
 */
final class LeafTables {

    /** No table for a leaf with more distinct features on its path: 2^20 numbers would be too many. */
    private static final int MAX_PATH_FEATURES = 20;

    /** For each internal node, the number of its feature among the distinct features of the path to it. */
    private final int[] slot;
    /** For each leaf: where its path features start in {@link #features}, how many, and where its table starts. */
    private final int[] leafStart;
    private final int[] leafSize;
    private final int[] tableStart;
    /** Per leaf, per path feature: the feature index. */
    private final int[] features;
    /**
     * Per leaf, per path feature k, two coefficients: {@code -v} at {@code 2k} (x does not satisfy k) and
     * {@code v · (1 - z_k) / z_k} at {@code 2k + 1} (it does). Either way the table is read at {@code A} without k,
     * so the loop over a leaf's features has no branch to mispredict.
     */
    private final double[] coefficient;
    private final double[] u;

    private LeafTables(int[] slot, int[] leafStart, int[] leafSize, int[] tableStart, int[] features,
                       double[] coefficient, double[] u) {
        this.slot = slot;
        this.leafStart = leafStart;
        this.leafSize = leafSize;
        this.tableStart = tableStart;
        this.features = features;
        this.coefficient = coefficient;
        this.u = u;
    }

    /** The number of doubles the tree's tables take, or -1 when a leaf has too many distinct path features. */
    static long size(Tree tree) {
        return size(tree, 0, new int[tree.depth() + 1], 0);
    }

    private static long size(Tree tree, int node, int[] path, int count) {
        if (tree.isLeaf(node)) {
            return count > MAX_PATH_FEATURES ? -1 : 1L << count;
        }
        int next = count;
        if (indexOf(path, count, tree.feature(node)) < 0) {
            path[next++] = tree.feature(node);
        }
        long yes = size(tree, tree.yes(node), path, next);
        long no = size(tree, tree.no(node), path, next);
        return yes < 0 || no < 0 ? -1 : yes + no;
    }

    /** Builds the tables of a tree that has covers and whose {@link #size} is not -1. */
    static LeafTables of(Tree tree) {
        var builder = new Builder(tree, (int) size(tree));
        builder.walk(0, 0);
        return new LeafTables(builder.slot, builder.leafStart, builder.leafSize, builder.tableStart,
                Arrays.copyOf(builder.features, builder.entries),
                Arrays.copyOf(builder.coefficient, 2 * builder.entries), builder.u);
    }

    /** Adds the tree's path-dependent TreeSHAP values for {@code x} to {@code phi}. */
    void explain(Tree tree, double[] x, double[] phi) {
        walk(tree, 0, -1, x, phi);
    }

    private void walk(Tree tree, int node, int satisfied, double[] x, double[] phi) {
        if (tree.isLeaf(node)) {
            int start = leafStart[node];
            int d = leafSize[node];
            if (d == 0) {
                return;
            }
            int a = satisfied & ((1 << d) - 1);
            int table = tableStart[node];
            for (int k = 0; k < d; k++) {
                phi[features[start + k]] += coefficient[2 * (start + k) + (a >>> k & 1)] * u[table + (a & ~(1 << k))];
            }
            return;
        }
        int hot = tree.next(node, x);
        int cold = hot == tree.yes(node) ? tree.no(node) : tree.yes(node);
        walk(tree, hot, satisfied, x, phi);
        walk(tree, cold, satisfied & ~(1 << slot[node]), x, phi);
    }

    private static int indexOf(int[] path, int count, int feature) {
        for (int k = 0; k < count; k++) {
            if (path[k] == feature) {
                return k;
            }
        }
        return -1;
    }

    /** One depth-first walk that numbers the path features and fills every leaf's table. */
    private static final class Builder {
        private final Tree tree;
        private final int[] slot;
        private final int[] leafStart;
        private final int[] leafSize;
        private final int[] tableStart;
        private final double[] u;
        private final int[] pathFeature;
        private final double[] pathZero;
        private int[] features = new int[64];
        private double[] coefficient = new double[128];
        private int entries;
        private int tables;

        Builder(Tree tree, int tableSize) {
            this.tree = tree;
            int n = tree.size();
            slot = new int[n];
            leafStart = new int[n];
            leafSize = new int[n];
            tableStart = new int[n];
            u = new double[tableSize];
            pathFeature = new int[tree.depth() + 1];
            pathZero = new double[tree.depth() + 1];
        }

        void walk(int node, int count) {
            if (tree.isLeaf(node)) {
                leaf(node, count);
                return;
            }
            int feature = tree.feature(node);
            int k = indexOf(pathFeature, count, feature);
            int next = count;
            if (k < 0) {
                k = next++;
                pathFeature[k] = feature;
                pathZero[k] = 1;
            }
            slot[node] = k;
            double zero = pathZero[k];
            for (int child : new int[] {tree.yes(node), tree.no(node)}) {
                pathZero[k] = zero * tree.cover(child) / tree.cover(node);
                walk(child, next);
            }
            pathZero[k] = zero;
        }

        private void leaf(int node, int d) {
            double value = tree.value(node);
            if (entries + d > features.length) {
                features = Arrays.copyOf(features, Math.max(2 * features.length, entries + d));
                coefficient = Arrays.copyOf(coefficient, 2 * features.length);
            }
            leafStart[node] = entries;
            leafSize[node] = d;
            for (int k = 0; k < d; k++) {
                features[entries + k] = pathFeature[k];
                coefficient[2 * (entries + k)] = -value;
                coefficient[2 * (entries + k) + 1] = value * (1 - pathZero[k]) / pathZero[k];
            }
            entries += d;
            tableStart[node] = tables;
            int full = (1 << d) - 1;
            // g(S) = s!(d-s-1)!/d! · Π_{j ∉ S} z_j, then U = Σ over subsets (a zeta transform, bit by bit)
            double[] inside = new double[1 << d];
            inside[0] = 1;
            for (int mask = 1; mask <= full; mask++) {
                inside[mask] = inside[mask & (mask - 1)] * pathZero[Integer.numberOfTrailingZeros(mask)];
            }
            for (int s = 0; s <= full; s++) {
                int size = Integer.bitCount(s);
                u[tables + s] = size == d ? 0 : inside[full ^ s] * Shapley.weight(size, d);
            }
            for (int bit = 0; bit < d; bit++) {
                for (int mask = 0; mask <= full; mask++) {
                    if ((mask & 1 << bit) != 0) {
                        u[tables + mask] += u[tables + (mask ^ 1 << bit)];
                    }
                }
            }
            tables += 1 << d;
        }
    }
}
