package org.steward.featurestore.definition;

/** A column that identifies an entity, e.g. {@code customer_id string}. */
public record JoinKey(String name, FeatureType type) {
}
