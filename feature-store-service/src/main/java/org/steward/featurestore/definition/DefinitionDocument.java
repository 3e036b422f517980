package org.steward.featurestore.definition;

import java.util.List;

/**
 * What a team declares in one apply: definitions without versions (the store assigns them) and feature services
 * whose references are not yet pinned to view versions.
 */
public record DefinitionDocument(List<Entity> entities, List<FeatureView> featureViews,
                                 List<Transformation> transformations, List<FeatureServiceSpec> featureServices) {

    public DefinitionDocument {
        entities = List.copyOf(entities);
        featureViews = List.copyOf(featureViews);
        transformations = List.copyOf(transformations);
        featureServices = List.copyOf(featureServices);
    }

    /**
     * A feature service as declared: features as {@code view:feature} (latest version of the view once applied)
     * or {@code view@2:feature} (pinned), transformations by name (latest) or {@code name@3}.
     */
    public record FeatureServiceSpec(String name, List<String> features, List<String> transformations,
                                     List<FeatureService.RequestFeature> requestFeatures, String description) {

        public FeatureServiceSpec {
            features = List.copyOf(features);
            transformations = List.copyOf(transformations);
            requestFeatures = List.copyOf(requestFeatures);
            description = description == null ? "" : description;
        }
    }
}
