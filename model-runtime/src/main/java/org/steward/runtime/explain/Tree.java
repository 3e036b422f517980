package org.steward.runtime.explain;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One binary decision tree in flat arrays, node 0 the root. An internal node sends a row to its {@code yes} child when
 * {@code x[feature] <comparison> threshold} holds, or when the value is missing (NaN) and {@code missingYes} is set;
 * otherwise to its {@code no} child. This is ONNX's rule (with {@code missing_value_tracks_true}), and XGBoost's with
 * {@link Comparison#LT} and {@code default_left} as {@code missingYes}. Immutable after construction.
 */
final class Tree {

    /** How an internal node compares a value with its threshold. */
    enum Comparison { LT, LEQ, GT, GTE, EQ, NEQ }

    static final int LEAF = -1;

    private final int[] feature;
    private final double[] threshold;
    private final Comparison[] comparison;
    /** {@code comparison[node].ordinal()}: a switch on a byte is what the hot path of TreeSHAP wants. */
    private final byte[] operator;
    private final boolean[] missingYes;
    private final int[] yes;
    private final int[] no;
    private final double[] value;
    private final double[] cover;
    private final int depth;

    /**
     * @param feature    the feature index of each internal node, {@link #LEAF} for leaves
     * @param value      each leaf's value (ignored for internal nodes)
     * @param cover      how many training rows (or how much hessian) reached each node, or null when the model does not
     *                   say; path-dependent TreeSHAP needs it
     * @throws IllegalArgumentException unless the arrays describe one tree rooted at node 0 in which every node is
     *                                  reached exactly once, with finite numbers and, if given, positive covers
     */
    Tree(int[] feature, double[] threshold, Comparison[] comparison, boolean[] missingYes, int[] yes, int[] no,
         double[] value, double[] cover) {
        int n = feature.length;
        if (n == 0 || threshold.length != n || comparison.length != n || missingYes.length != n || yes.length != n
                || no.length != n || value.length != n || (cover != null && cover.length != n)) {
            throw new IllegalArgumentException("a tree needs one entry per node in every array");
        }
        this.feature = feature;
        this.threshold = threshold;
        this.comparison = comparison;
        this.missingYes = missingYes;
        this.yes = yes;
        this.no = no;
        this.value = value;
        this.cover = cover;
        this.depth = checkShape();
        this.operator = new byte[n];
        for (int node = 0; node < n; node++) {
            operator[node] = (byte) (feature[node] == LEAF ? 0 : comparison[node].ordinal());
        }
    }

    /** Walks the tree from the root; returns its depth and checks that it is one tree with sound numbers. */
    private int checkShape() {
        int n = feature.length;
        boolean[] seen = new boolean[n];
        int[] nodeDepth = new int[n];
        int maxDepth = 0;
        var pending = new ArrayDeque<Integer>();
        pending.push(0);
        seen[0] = true;
        int visited = 0;
        while (!pending.isEmpty()) {
            int node = pending.pop();
            visited++;
            maxDepth = Math.max(maxDepth, nodeDepth[node]);
            if (cover != null && !(cover[node] > 0 && Double.isFinite(cover[node]))) {
                throw new IllegalArgumentException("node " + node + " has cover " + cover[node] + "; covers must be positive");
            }
            if (feature[node] == LEAF) {
                if (!Double.isFinite(value[node])) {
                    throw new IllegalArgumentException("leaf " + node + " has value " + value[node]);
                }
                continue;
            }
            if (feature[node] < 0 || Double.isNaN(threshold[node]) || comparison[node] == null) {
                throw new IllegalArgumentException("node " + node + " is neither a leaf nor a valid split");
            }
            for (int child : new int[] {yes[node], no[node]}) {
                if (child <= 0 || child >= n || seen[child]) {
                    throw new IllegalArgumentException("node " + node + " points to node " + child
                            + ", which is not a fresh node of the tree");
                }
                seen[child] = true;
                nodeDepth[child] = nodeDepth[node] + 1;
                pending.push(child);
            }
        }
        if (visited != n) {
            throw new IllegalArgumentException((n - visited) + " nodes are not reachable from the root");
        }
        return maxDepth;
    }

    /** The same tree as if the model had not said how many rows reached each node. */
    Tree withoutCover() {
        return new Tree(feature, threshold, comparison, missingYes, yes, no, value, null);
    }

    int size() {
        return feature.length;
    }

    int depth() {
        return depth;
    }

    boolean hasCover() {
        return cover != null;
    }

    /** The highest feature index a split uses, or -1 for a single leaf. */
    int maxFeature() {
        return Arrays.stream(feature).max().orElse(LEAF);
    }

    boolean isLeaf(int node) {
        return feature[node] == LEAF;
    }

    int feature(int node) {
        return feature[node];
    }

    double threshold(int node) {
        return threshold[node];
    }

    double value(int node) {
        return value[node];
    }

    double cover(int node) {
        return cover[node];
    }

    int yes(int node) {
        return yes[node];
    }

    int no(int node) {
        return no[node];
    }

    /** The child of internal node {@code node} that a row with feature values {@code x} goes to. */
    int next(int node, double[] x) {
        double v = x[feature[node]];
        double t = threshold[node];
        boolean holds = switch (operator[node]) {
            case 0 -> v < t;   // LT
            case 1 -> v <= t;  // LEQ
            case 2 -> v > t;   // GT
            case 3 -> v >= t;  // GTE
            case 4 -> v == t;  // EQ
            default -> v != t; // NEQ
        };
        return holds || (missingYes[node] && Double.isNaN(v)) ? yes[node] : no[node];
    }

    /** The value of the leaf that {@code x} reaches. */
    double predict(double[] x) {
        int node = 0;
        while (feature[node] != LEAF) {
            node = next(node, x);
        }
        return value[node];
    }

    /**
     * The expected value under the cover: each internal node averages its children weighted by their share of its
     * cover. This is exactly the prediction of path-dependent TreeSHAP for the empty coalition, so contributions add
     * up to {@code predict(x) - expectedValue()} even where rounding leaves a parent's cover a hair off the sum of its
     * children's (XGBoost stores them in float32).
     */
    double expectedValue() {
        return expectedValue(0);
    }

    private double expectedValue(int node) {
        if (feature[node] == LEAF) {
            return value[node];
        }
        return (cover[yes[node]] * expectedValue(yes[node]) + cover[no[node]] * expectedValue(no[node])) / cover[node];
    }
}
