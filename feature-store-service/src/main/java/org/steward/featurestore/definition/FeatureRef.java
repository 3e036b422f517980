package org.steward.featurestore.definition;

/**
 * One feature of one version of a view, as a feature service pins it: {@code customer_profile@2:age}. The
 * column name in training sets and online vectors is {@code view__feature}, unique across views.
 */
public record FeatureRef(String view, int viewVersion, String feature) {

    public String reference() {
        return view + "@" + viewVersion + ":" + feature;
    }

    /** The output column name, e.g. {@code customer_profile__age}. */
    public String column() {
        return view + "__" + feature;
    }
}
