package org.steward.runtime.explain;

import java.util.ArrayList;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the trees of an XGBoost JSON model ({@code booster.save_model("model.json")}, format of XGBoost 1.x to 3.x)
 * into a {@link TreeEnsemble}: split on {@code x < split_condition}, missing values to {@code default_left}, cover
 * from {@code sum_hessian}, leaf values from {@code split_conditions} as XGBoost itself loads them, and the base
 * margin from {@code base_score} through the objective's link — exactly as XGBoost does, in float32.
 *
 * <p>Only what Steward scores is read: a {@code gbtree} booster with one output and numerical splits. Anything else
 * (dart, gblinear, categorical splits, vector leaves) is refused with a reason rather than explained wrongly.
 */
final class XGBoostTrees {

    /** As strict as the loader: a duplicate key would make the trees depend on which parser reads them. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private XGBoostTrees() {
    }

    static TreeEnsemble read(byte[] artifact) {
        JsonNode root;
        try {
            root = JSON.readTree(artifact);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not XGBoost JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode learner = root.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        String name = booster.path("name").asString("");
        if (!name.equals("gbtree")) {
            throw new IllegalArgumentException("the explainer reads gbtree boosters only, not '" + name + "'");
        }
        JsonNode parameters = learner.path("learner_model_param");
        int features = Integer.parseInt(parameters.path("num_feature").asString("0"));
        if (Integer.parseInt(parameters.path("num_target").asString("1")) > 1
                || Integer.parseInt(parameters.path("num_class").asString("0")) > 1) {
            throw new IllegalArgumentException("the explainer reads single-output XGBoost models only");
        }
        var trees = new ArrayList<Tree>();
        for (JsonNode tree : booster.path("model").path("trees")) {
            trees.add(tree(tree, trees.size()));
        }
        return new TreeEnsemble(trees, baseMargin(learner.path("objective").path("name").asString(""),
                parameters.path("base_score").asString("")), features);
    }

    /**
     * The margin every prediction starts from. XGBoost stores {@code base_score} on the probability scale (as
     * {@code "5E-1"}, or {@code "[5E-1]"} since 3.0) and turns it into a margin with the objective's
     * {@code ProbToMargin} in float32: {@code -log(1/p - 1)} for the logistic objectives, the identity for
     * {@code binary:logitraw}.
     */
    static double baseMargin(String objective, String baseScore) {
        String number = baseScore.startsWith("[") && baseScore.endsWith("]")
                ? baseScore.substring(1, baseScore.length() - 1) : baseScore;
        float score;
        try {
            score = Float.parseFloat(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable base_score '" + baseScore + "'", e);
        }
        return switch (objective) {
            case "binary:logistic", "reg:logistic" -> {
                if (!(score > 0 && score < 1)) {
                    throw new IllegalArgumentException("base_score " + score + " is not a probability");
                }
                yield (float) -Math.log(1.0f / score - 1.0f);
            }
            case "binary:logitraw" -> score;
            default -> throw new IllegalArgumentException("objective '" + objective + "' has no log-odds margin");
        };
    }

    private static Tree tree(JsonNode tree, int index) {
        String where = "tree " + index;
        if (Integer.parseInt(tree.path("tree_param").path("size_leaf_vector").asString("1")) > 1) {
            throw new IllegalArgumentException(where + " has vector leaves");
        }
        int[] left = ints(tree, "left_children", where);
        int n = left.length;
        int[] right = ints(tree, "right_children", where);
        int[] splitIndex = ints(tree, "split_indices", where);
        boolean[] defaultLeft = booleans(tree, "default_left", where);
        double[] condition = floats(tree, "split_conditions", where);
        double[] hessian = floats(tree, "sum_hessian", where);
        JsonNode splitType = tree.path("split_type");
        for (JsonNode type : splitType) {
            if (type.asInt() != 0) {
                throw new IllegalArgumentException(where + " has categorical splits, which the explainer does not read");
            }
        }
        if (right.length != n || splitIndex.length != n || defaultLeft.length != n || condition.length != n
                || hessian.length != n) {
            throw new IllegalArgumentException(where + ": its node arrays differ in length");
        }
        int[] feature = new int[n];
        var comparison = new Tree.Comparison[n];
        boolean[] missingYes = new boolean[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            if (left[i] == -1) {
                feature[i] = Tree.LEAF;
                value[i] = condition[i];
            } else {
                feature[i] = splitIndex[i];
                comparison[i] = Tree.Comparison.LT;
                missingYes[i] = defaultLeft[i];
            }
        }
        try {
            return new Tree(feature, condition, fill(comparison), missingYes, left, right, value, hessian);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Leaves have no comparison; give them one so that the tree's arrays hold no nulls. */
    private static Tree.Comparison[] fill(Tree.Comparison[] comparison) {
        for (int i = 0; i < comparison.length; i++) {
            if (comparison[i] == null) {
                comparison[i] = Tree.Comparison.LT;
            }
        }
        return comparison;
    }

    private static int[] ints(JsonNode tree, String field, String where) {
        JsonNode array = array(tree, field, where);
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.canConvertToInt()) {
                throw new IllegalArgumentException(where + "." + field + "[" + i + "] is not an integer");
            }
            values[i] = value.asInt();
        }
        return values;
    }

    /** 0/1 since XGBoost 2, true/false before. */
    private static boolean[] booleans(JsonNode tree, String field, String where) {
        JsonNode array = array(tree, field, where);
        boolean[] values = new boolean[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (value.isBoolean()) {
                values[i] = value.booleanValue();
            } else if (value.canConvertToInt()) {
                values[i] = value.asInt() != 0;
            } else {
                throw new IllegalArgumentException(where + "." + field + "[" + i + "] is not a flag");
            }
        }
        return values;
    }

    /** XGBoost writes float32 values in their shortest decimal form; rounding to float restores them exactly. */
    private static double[] floats(JsonNode tree, String field, String where) {
        JsonNode array = array(tree, field, where);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isNumber()) {
                throw new IllegalArgumentException(where + "." + field + "[" + i + "] is not a number");
            }
            values[i] = (float) value.doubleValue();
        }
        return values;
    }

    private static JsonNode array(JsonNode tree, String field, String where) {
        JsonNode array = tree.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException(where + " has no array '" + field + "'");
        }
        return array;
    }
}
