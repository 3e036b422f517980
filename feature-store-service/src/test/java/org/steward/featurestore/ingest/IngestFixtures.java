package org.steward.featurestore.ingest;

import org.steward.featurestore.definition.Feature;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;
import org.steward.featurestore.definition.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A feature view with one feature of every kind of rule, shared by the unit tests of ingest. */
final class IngestFixtures {

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    static final FeatureView PROFILE = new FeatureView("profile", 2, List.of("customer"), List.of(
            new Feature("age", FeatureType.INT64, null, false, true, false, 18.0, 100.0, List.of()),
            new Feature("income", FeatureType.FLOAT64, null, false, false, true, 0.0, null, List.of()),
            new Feature("housing", FeatureType.STRING, null, false, false, true, null, null, List.of("own", "rent", "free")),
            new Feature("active", FeatureType.BOOL, null, false, false, true, null, null, List.of()),
            new Feature("email", FeatureType.STRING, null, true, false, true, null, null, List.of())),
            Duration.ZERO, "dana", null, Map.of(), new Source.Batch());

    static final IngestSchema SCHEMA = IngestSchema.of(PROFILE, List.of(new JoinKey("customer_id", FeatureType.STRING)));

    private IngestFixtures() {
    }
}
