package org.steward.training;

import java.net.URI;

/** The feature store, as the pipeline uses it: training-set snapshots. */
public interface FeatureStore {

    /**
     * Builds a point-in-time training set from entity rows (CSV: join keys, {@code event_time}, extra columns such as
     * the label, request features), waiting for the store's job when it builds a large one in the background.
     */
    TrainingSet createTrainingSet(String featureService, int version, boolean excludeCreatedAfter, String name,
                                  byte[] entityRowsCsv);

    /** The record of an existing snapshot. */
    TrainingSet trainingSet(String id);

    /** Downloads the snapshot's canonical CSV, hashing it as it streams; the caller compares the hash. */
    Snapshot snapshot(TrainingSet trainingSet);

    /** The feature store's REST API at {@code baseUrl}, authenticated with {@code token} (null for none). */
    static FeatureStore http(URI baseUrl, String token) {
        return new HttpFeatureStore(new ServiceClient("feature store", baseUrl, token));
    }
}
