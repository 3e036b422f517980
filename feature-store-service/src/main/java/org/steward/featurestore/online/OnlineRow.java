package org.steward.featurestore.online;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest feature values of one entity in one view version, with the two times that decide which row is
 * latest. Times are kept to the microsecond, as PostgreSQL keeps them, so every backend compares the same values.
 *
 * @param entityKey the entity's join key values, encoded by {@link EntityKeys}
 * @param values    the view's feature values as encoded by {@link FeatureValues}; opaque to the stores
 */
public record OnlineRow(String entityKey, Instant eventTime, Instant created, String values) {

    /**
     * The offline point-in-time join's order: the larger event time wins, and on equal event times the row
     * written later. A stored row is replaced only by a row strictly greater in this order.
     */
    public static final Comparator<OnlineRow> TIE_BREAK = Comparator.comparing(OnlineRow::eventTime)
            .thenComparing(OnlineRow::created);

    public OnlineRow {
        Objects.requireNonNull(entityKey, "entityKey");
        eventTime = eventTime.truncatedTo(ChronoUnit.MICROS);
        created = created.truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(values, "values");
    }

    /** The greatest row of each key in {@code rows}: what a batch can at most leave in the store. */
    public static Collection<OnlineRow> latestPerKey(List<OnlineRow> rows) {
        Map<String, OnlineRow> latest = new LinkedHashMap<>();
        rows.forEach(row -> latest.merge(row.entityKey(), row, (a, b) -> b.supersedes(a) ? b : a));
        return latest.values();
    }

    /** Whether this row would replace {@code stored}. */
    public boolean supersedes(OnlineRow stored) {
        return TIE_BREAK.compare(this, stored) > 0;
    }
}
