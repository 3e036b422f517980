package org.steward.featurestore.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned group of features about one or more entities, all observed at the same event time.
 *
 * @param ttl how long a value stays valid after its event time; {@link Duration#ZERO} means forever
 */
public record FeatureView(String name, int version, List<String> entities, List<Feature> features, Duration ttl,
                          String owner, String description, Map<String, String> tags, Source source) {

    public FeatureView {
        entities = List.copyOf(entities);
        features = List.copyOf(features);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        description = description == null ? "" : description;
    }

    public FeatureView withVersion(int v) {
        return new FeatureView(name, v, entities, features, ttl, owner, description, tags, source);
    }

    public Optional<Feature> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }

    /** {@code customer_profile@2}: how lineage and errors name one version of a view. */
    public String reference() {
        return name + "@" + version;
    }
}
