package org.steward.featurestore.definition;

import java.util.List;

/**
 * One column of a feature view, with the checks every ingested value must pass.
 *
 * @param pii           personal data: never shown in reports or logs beyond aggregates
 * @param protectedAttribute a protected characteristic (age, sex, …): monitored for fairness, never a reason code
 * @param nullable      whether a missing value is acceptable at ingest
 * @param min           inclusive lower bound for numbers, or null
 * @param max           inclusive upper bound for numbers, or null
 * @param allowedValues the only values a string may take, or empty for any
 */
public record Feature(String name, FeatureType type, String description, boolean pii, boolean protectedAttribute,
                      boolean nullable, Double min, Double max, List<String> allowedValues) {

    public Feature {
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        description = description == null ? "" : description;
    }
}
