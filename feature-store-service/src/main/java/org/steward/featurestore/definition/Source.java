package org.steward.featurestore.definition;

/** Where a feature view's rows come from. */
public sealed interface Source {

    /** Rows uploaded in batches (CSV, JSON lines, Parquet) through the ingest API. */
    record Batch() implements Source {
    }

    /**
     * Rows arriving one by one as JSON messages on a Kafka topic, validated by the same rules as a batch.
     *
     * @param topic the topic the feature store consumes
     */
    record Stream(String topic) implements Source {
    }
}
