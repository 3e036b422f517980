package org.steward.featurestore.definition;

import java.util.List;

/**
 * The named, versioned list of features one model consumes: view features pinned to view versions, plus
 * on-demand transformations pinned to their versions. A model version's lineage pins a feature service version.
 *
 * @param requestFeatures values the caller supplies at decision time (e.g. the requested loan amount)
 */
public record FeatureService(String name, int version, List<FeatureRef> features, List<TransformationRef> transformations,
                             List<RequestFeature> requestFeatures, String description) {

    public FeatureService {
        features = List.copyOf(features);
        transformations = List.copyOf(transformations);
        requestFeatures = List.copyOf(requestFeatures);
        description = description == null ? "" : description;
    }

    public FeatureService withVersion(int v) {
        return new FeatureService(name, v, features, transformations, requestFeatures, description);
    }

    /** An on-demand transformation pinned to a version. */
    public record TransformationRef(String name, int version) {
    }

    /** A value supplied with the request rather than read from the store. */
    public record RequestFeature(String name, FeatureType type) {
    }
}
