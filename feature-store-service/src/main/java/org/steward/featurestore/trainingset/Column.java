package org.steward.featurestore.trainingset;

/**
 * One column of a training set.
 *
 * @param source for a feature the pinned reference ({@code customer_profile@2:age}), for a transformation its
 *               pinned name ({@code amount_per_month@1}), else null
 */
public record Column(String name, ColumnType type, Role role, String source) {

    /** Where a column's values come from. */
    public enum Role {
        /** A join key of the entity rows. */
        KEY,
        /** The time as of which the features are looked up. */
        EVENT_TIME,
        /** A request feature of the service, supplied in the entity rows. */
        REQUEST,
        /** Any other uploaded column (a label, an application id), passed through unchanged. */
        EXTRA,
        /** A view feature, from the point-in-time join. */
        FEATURE,
        /** An on-demand transformation, computed by the serving evaluator. */
        TRANSFORMATION
    }
}
