package org.steward.commons.event;

import java.util.List;

/** The Kafka topics of the platform and how many partitions each gets when it is created. */
public final class Topics {

    /** Every service's state changes: the regulatory trail. One partition, so the chain has one total order. */
    public static final String AUDIT = "steward.audit";
    public static final String FEATURES = "steward.features";
    public static final String REGISTRY = "steward.registry";
    public static final String GOVERNANCE = "steward.governance";
    public static final String DEPLOYMENT = "steward.deployment";
    /** One record per decision; the busiest topic. */
    public static final String DECISIONS = "steward.decisions";
    public static final String LABELS = "steward.labels";
    public static final String ALERTS = "steward.alerts";

    public static final List<String> ALL = List.of(AUDIT, FEATURES, REGISTRY, GOVERNANCE, DEPLOYMENT, DECISIONS, LABELS, ALERTS);

    private Topics() {
    }

    /** Partition count at creation: events keyed by subject stay in order per subject on any count. */
    public static int partitions(String topic) {
        return switch (topic) {
            case AUDIT -> 1;
            case DECISIONS, LABELS -> 6;
            default -> 3;
        };
    }
}
