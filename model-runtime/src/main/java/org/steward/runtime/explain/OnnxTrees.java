package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.steward.runtime.explain.OnnxGraph.Attribute;
import org.steward.runtime.explain.OnnxGraph.Node;

/**
 * Finds a tree ensemble in an ONNX graph whose margin TreeSHAP can explain exactly, and reads its trees.
 *
 * <p>Accepted: one feature-matrix input; one {@code ai.onnx.ml} {@code TreeEnsembleClassifier} (two classes, every
 * weight on class 0 — ONNX Runtime's "binary case", where the positive class's probability is
 * {@code sigmoid(base + Σ weights)}: scikit-learn's gradient boosting through skl2onnx, LightGBM and XGBoost through
 * onnxmltools) or {@code TreeEnsembleRegressor} (one target, SUM or AVERAGE); {@code post_transform} LOGISTIC, so the
 * ensemble's raw score is exactly the log-odds that the model's probability comes from; and nothing else in the graph
 * but {@code Identity} and {@code Cast} between the input, the ensemble and the probability output. Anything else —
 * a random forest (its trees average probabilities: no log-odds to add up), a preprocessing pipeline, an opset-5
 * {@code TreeEnsemble} — is {@link Reading#refused refused} with the reason, and the caller falls back to KernelSHAP.
 *
 * <p>Cover: ONNX has no field for it. {@code nodes_hitrates} is taken as the cover when it is one (positive, every
 * parent's the sum of its children's, as when an exporter writes scikit-learn's {@code weighted_n_node_samples} or
 * XGBoost's {@code sum_hessian} there); skl2onnx writes 1.0 everywhere, which is not a cover, and then the ensemble
 * has none and only interventional TreeSHAP applies.
 */
final class OnnxTrees {

    private static final String ML_DOMAIN = "ai.onnx.ml";
    private static final Set<String> PASS_THROUGH = Set.of("Identity", "Cast");
    private static final double COVER_TOLERANCE = 1e-6;

    /**
     * Either an ensemble (with {@code roundsToFloat}: whether the trees see the inputs as float32) or the reason why
     * the graph is not one TreeSHAP can explain on the margin.
     */
    record Reading(TreeEnsemble ensemble, boolean roundsToFloat, String refused) {

        static Reading refused(String reason) {
            return new Reading(null, false, reason);
        }
    }

    private OnnxTrees() {
    }

    /**
     * @param probabilityOutput the output the model's probability is read from
     * @param features          the number of inputs in the model's signature
     */
    static Reading read(OnnxGraph graph, String probabilityOutput, int features) {
        if (graph.inputs().size() != 1) {
            return Reading.refused("the graph has " + graph.inputs().size() + " inputs, not one feature matrix");
        }
        OnnxGraph.Value input = graph.inputs().getFirst();
        if (input.elementType() != OnnxGraph.FLOAT && input.elementType() != OnnxGraph.DOUBLE) {
            return Reading.refused("the input is not a float or double tensor");
        }
        List<Node> trees = graph.nodes().stream()
                .filter(node -> ML_DOMAIN.equals(node.domain()) && node.opType().startsWith("TreeEnsemble")).toList();
        if (trees.size() != 1) {
            return Reading.refused("the graph has " + trees.size() + " tree ensembles, not one");
        }
        Node ensemble = trees.getFirst();
        for (Node node : graph.nodes()) {
            if (node != ensemble && !(node.domain().isEmpty() && PASS_THROUGH.contains(node.opType()))) {
                return Reading.refused("the graph computes more than a tree ensemble (it has " + node.opType() + ")");
            }
        }
        Map<String, Node> producers = new HashMap<>();
        graph.nodes().forEach(node -> node.outputs().forEach(output -> producers.put(output, node)));

        boolean classifier = ensemble.opType().equals("TreeEnsembleClassifier");
        if (!classifier && !ensemble.opType().equals("TreeEnsembleRegressor")) {
            return Reading.refused(ensemble.opType() + " is not TreeEnsembleClassifier or TreeEnsembleRegressor");
        }
        String scores = ensemble.outputs().size() > (classifier ? 1 : 0)
                ? ensemble.outputs().get(classifier ? 1 : 0) : "";
        if (!scores.equals(upstream(probabilityOutput, producers))) {
            return Reading.refused("the probability output is not the ensemble's scores passed through unchanged");
        }
        Boolean roundsToFloat = inputRounding(ensemble.inputs().getFirst(), input, producers);
        if (roundsToFloat == null) {
            return Reading.refused("the ensemble's input is not the graph's input cast to float or double");
        }
        if (!"LOGISTIC".equals(string(ensemble, "post_transform", "NONE"))) {
            return Reading.refused("post_transform is not LOGISTIC, so the ensemble's raw score is not a log-odds");
        }
        try {
            TreeEnsemble read = classifier ? classifier(ensemble, features) : regressor(ensemble, features);
            return read == null
                    ? Reading.refused("the classifier is not a binary one with all weights on one class")
                    : new Reading(read, roundsToFloat, null);
        } catch (IllegalArgumentException e) {
            return Reading.refused("its trees cannot be read: " + e.getMessage());
        }
    }

    /** The first value before {@code name} that is not produced by an Identity. */
    private static String upstream(String name, Map<String, Node> producers) {
        String current = name;
        for (Node node = producers.get(current); node != null && node.opType().equals("Identity");
             node = producers.get(current)) {
            current = node.inputs().getFirst();
        }
        return current;
    }

    /**
     * Follows the ensemble's input back to the graph input through Identity and Cast; answers whether the values
     * reach the trees as float32, or null when the path holds anything else (a cast to an integer type, say).
     */
    private static Boolean inputRounding(String name, OnnxGraph.Value input, Map<String, Node> producers) {
        boolean toFloat = input.elementType() == OnnxGraph.FLOAT;
        String current = name;
        for (Node node = producers.get(current); node != null; node = producers.get(current)) {
            if (node.opType().equals("Cast")) {
                Attribute to = node.attribute("to");
                long type = to == null || to.integers().length == 0 ? 0 : to.integers()[0];
                if (type != OnnxGraph.FLOAT && type != OnnxGraph.DOUBLE) {
                    return null;
                }
                toFloat |= type == OnnxGraph.FLOAT;
            }
            current = node.inputs().getFirst();
        }
        return current.equals(input.name()) ? toFloat : null;
    }

    /** The binary case of TreeEnsembleClassifier, or null when it is not one. */
    private static TreeEnsemble classifier(Node node, int features) {
        Attribute int64Labels = node.attribute("classlabels_int64s");
        Attribute stringLabels = node.attribute("classlabels_strings");
        int labels = int64Labels != null ? int64Labels.integers().length
                : stringLabels != null ? stringLabels.strings().size() : 0;
        long[] classIds = integers(node, "class_ids");
        for (long id : classIds) {
            if (id != 0) {
                return null;
            }
        }
        double[] base = numbersOrEmpty(node, "base_values");
        if (labels != 2 || base.length > 1) {
            return null;
        }
        return ensemble(node, features, integers(node, "class_treeids"), integers(node, "class_nodeids"),
                numbers(node, "class_weights"), base.length == 0 ? 0 : base[0], false);
    }

    private static TreeEnsemble regressor(Node node, int features) {
        Attribute targets = node.attribute("n_targets");
        if (targets != null && targets.integers().length == 1 && targets.integers()[0] != 1) {
            throw new IllegalArgumentException("it has " + targets.integers()[0] + " targets");
        }
        for (long id : integers(node, "target_ids")) {
            if (id != 0) {
                throw new IllegalArgumentException("it has weights for a second target");
            }
        }
        String aggregate = string(node, "aggregate_function", "SUM");
        if (!aggregate.equals("SUM") && !aggregate.equals("AVERAGE")) {
            throw new IllegalArgumentException("aggregate_function " + aggregate + " is not a sum");
        }
        double[] base = numbersOrEmpty(node, "base_values");
        if (base.length > 1) {
            throw new IllegalArgumentException("it has " + base.length + " base values for one target");
        }
        return ensemble(node, features, integers(node, "target_treeids"), integers(node, "target_nodeids"),
                numbers(node, "target_weights"), base.length == 0 ? 0 : base[0], aggregate.equals("AVERAGE"));
    }

    private static TreeEnsemble ensemble(Node node, int features, long[] weightTrees, long[] weightNodes,
                                         double[] weights, double base, boolean average) {
        long[] treeIds = integers(node, "nodes_treeids");
        long[] nodeIds = integers(node, "nodes_nodeids");
        long[] featureIds = integers(node, "nodes_featureids");
        List<String> modes = node.attribute("nodes_modes") == null ? List.of() : node.attribute("nodes_modes").strings();
        double[] thresholds = numbers(node, "nodes_values");
        long[] trueIds = integers(node, "nodes_truenodeids");
        long[] falseIds = integers(node, "nodes_falsenodeids");
        long[] missingTrue = node.attribute("nodes_missing_value_tracks_true") == null
                ? new long[treeIds.length] : integers(node, "nodes_missing_value_tracks_true");
        double[] hitRates = numbersOrEmpty(node, "nodes_hitrates");
        if (!Arrays.stream(hitRates).allMatch(rate -> rate > 0 && Double.isFinite(rate))) {
            hitRates = new double[0];
        }
        int n = treeIds.length;
        if (nodeIds.length != n || featureIds.length != n || modes.size() != n || thresholds.length != n
                || trueIds.length != n || falseIds.length != n || missingTrue.length != n
                || (hitRates.length != 0 && hitRates.length != n)) {
            throw new IllegalArgumentException("its nodes_* attributes differ in length");
        }
        if (weightNodes.length != weightTrees.length || weights.length != weightTrees.length) {
            throw new IllegalArgumentException("its weight attributes differ in length");
        }
        // Nodes of each tree, in the order the trees first appear; ids are only unique within a tree.
        Map<Long, Map<Long, Integer>> byTree = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (byTree.computeIfAbsent(treeIds[i], id -> new LinkedHashMap<>()).put(nodeIds[i], i) != null) {
                throw new IllegalArgumentException("tree " + treeIds[i] + " has node " + nodeIds[i] + " twice");
            }
        }
        Map<Long, Map<Long, Double>> leafWeights = new HashMap<>();
        for (int i = 0; i < weights.length; i++) {
            leafWeights.computeIfAbsent(weightTrees[i], id -> new HashMap<>())
                    .merge(weightNodes[i], weights[i], Double::sum);
        }
        double scale = average ? 1.0 / byTree.size() : 1.0;
        var parsed = new ArrayList<Tree>();
        var columns = new Columns(featureIds, modes, thresholds, trueIds, falseIds, missingTrue, hitRates);
        for (var tree : byTree.entrySet()) {
            parsed.add(tree(tree.getKey(), tree.getValue(), columns,
                    leafWeights.getOrDefault(tree.getKey(), Map.of()), scale));
        }
        List<Tree> trees = hitRates.length != 0 && parsed.stream().allMatch(OnnxTrees::coverIsConsistent)
                ? parsed : parsed.stream().map(Tree::withoutCover).toList();
        return new TreeEnsemble(trees, base, features);
    }

    /** The node attributes of the whole ensemble, indexed by position. */
    private record Columns(long[] featureIds, List<String> modes, double[] thresholds, long[] trueIds, long[] falseIds,
                           long[] missingTrue, double[] hitRates) {
    }

    private static Tree tree(long treeId, Map<Long, Integer> nodes, Columns columns, Map<Long, Double> weights,
                             double scale) {
        // The root is the one node that is nobody's child; it becomes node 0, the others follow in their order.
        var children = new HashSet<Long>();
        for (int position : nodes.values()) {
            if (!columns.modes().get(position).equals("LEAF")) {
                children.add(columns.trueIds()[position]);
                children.add(columns.falseIds()[position]);
            }
        }
        List<Long> order = new ArrayList<>(nodes.keySet());
        List<Long> roots = order.stream().filter(id -> !children.contains(id)).toList();
        if (roots.size() != 1) {
            throw new IllegalArgumentException("tree " + treeId + " has " + roots.size() + " roots");
        }
        order.remove(roots.getFirst());
        order.addFirst(roots.getFirst());
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        int n = order.size();
        int[] feature = new int[n];
        double[] threshold = new double[n];
        var comparison = new Tree.Comparison[n];
        boolean[] missingYes = new boolean[n];
        int[] yes = new int[n];
        int[] no = new int[n];
        double[] value = new double[n];
        double[] cover = columns.hitRates().length == 0 ? null : new double[n];
        for (int i = 0; i < n; i++) {
            long id = order.get(i);
            int position = nodes.get(id);
            String mode = columns.modes().get(position);
            if (cover != null) {
                cover[i] = columns.hitRates()[position];
            }
            comparison[i] = Tree.Comparison.LT;
            if (mode.equals("LEAF")) {
                feature[i] = Tree.LEAF;
                value[i] = weights.getOrDefault(id, 0.0) * scale;
                continue;
            }
            if (weights.containsKey(id)) {
                throw new IllegalArgumentException("tree " + treeId + " has a weight on its branch node " + id);
            }
            comparison[i] = comparison(mode);
            feature[i] = Math.toIntExact(columns.featureIds()[position]);
            threshold[i] = columns.thresholds()[position];
            missingYes[i] = columns.missingTrue()[position] != 0;
            yes[i] = child(index, columns.trueIds()[position], treeId);
            no[i] = child(index, columns.falseIds()[position], treeId);
        }
        return new Tree(feature, threshold, comparison, missingYes, yes, no, value, cover);
    }

    private static int child(Map<Long, Integer> index, long id, long treeId) {
        Integer child = index.get(id);
        if (child == null) {
            throw new IllegalArgumentException("tree " + treeId + " points to a node " + id + " it does not have");
        }
        return child;
    }

    private static Tree.Comparison comparison(String mode) {
        return switch (mode) {
            case "BRANCH_LT" -> Tree.Comparison.LT;
            case "BRANCH_LEQ" -> Tree.Comparison.LEQ;
            case "BRANCH_GT" -> Tree.Comparison.GT;
            case "BRANCH_GTE" -> Tree.Comparison.GTE;
            case "BRANCH_EQ" -> Tree.Comparison.EQ;
            case "BRANCH_NEQ" -> Tree.Comparison.NEQ;
            default -> throw new IllegalArgumentException("unknown node mode " + mode);
        };
    }

    /** Whether every internal node's cover is the sum of its children's (float32 sums: relative 1e-6). */
    private static boolean coverIsConsistent(Tree tree) {
        for (int node = 0; node < tree.size(); node++) {
            if (!tree.isLeaf(node)) {
                double children = tree.cover(tree.yes(node)) + tree.cover(tree.no(node));
                if (Math.abs(tree.cover(node) - children) > COVER_TOLERANCE * tree.cover(node)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String string(Node node, String name, String otherwise) {
        Attribute attribute = node.attribute(name);
        return attribute == null || attribute.strings().isEmpty() ? otherwise : attribute.strings().getFirst();
    }

    private static long[] integers(Node node, String name) {
        Attribute attribute = node.attribute(name);
        if (attribute == null) {
            throw new IllegalArgumentException("attribute " + name + " is missing");
        }
        return attribute.integers();
    }

    /** A float list attribute, or its {@code _as_tensor} twin (opset 3), which carries doubles. */
    private static double[] numbers(Node node, String name) {
        double[] numbers = numbersOrEmpty(node, name);
        if (numbers.length == 0 && node.attribute(name) == null && node.attribute(name + "_as_tensor") == null) {
            throw new IllegalArgumentException("attribute " + name + " is missing");
        }
        return numbers;
    }

    private static double[] numbersOrEmpty(Node node, String name) {
        Attribute tensor = node.attribute(name + "_as_tensor");
        Attribute list = node.attribute(name);
        if (tensor != null && list != null) {
            throw new IllegalArgumentException("both " + name + " and " + name + "_as_tensor are set");
        }
        Attribute attribute = tensor != null ? tensor : list;
        return attribute == null ? new double[0] : attribute.numbers();
    }
}
