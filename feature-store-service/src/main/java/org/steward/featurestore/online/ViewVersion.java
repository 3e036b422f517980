package org.steward.featurestore.online;

import org.steward.featurestore.definition.FeatureView;

/** One version of a feature view: the unit the online store keeps rows for, since versions never change. */
public record ViewVersion(String name, int version) {

    public static ViewVersion of(FeatureView view) {
        return new ViewVersion(view.name(), view.version());
    }

    /** {@code customer_profile@2}, as lineage and errors name it. */
    public String reference() {
        return name + "@" + version;
    }
}
