package org.steward.featurestore.definition;

/**
 * An on-demand feature computed from other features (and request values) by an expression, with one evaluator
 * for training sets and for serving.
 *
 * @param expression in the feature store's expression language; it names inputs by their column names
 *                   ({@code view__feature}) or by request field names
 */
public record Transformation(String name, int version, FeatureType type, String expression, String description) {

    public Transformation {
        description = description == null ? "" : description;
    }

    public Transformation withVersion(int v) {
        return new Transformation(name, v, type, expression, description);
    }
}
