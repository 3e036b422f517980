package org.steward.featurestore.online;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where served features live: the latest row per entity key per view version. Writes follow the offline
 * point-in-time join's tie-break ({@link OnlineRow#TIE_BREAK}), so replaying, reordering or correcting
 * materialisations can only move a key forward, and the store agrees with a training set built on the same data.
 * The watermark lives with the rows, so a store that loses its data also loses the claim that it is complete.
 */
public interface OnlineStore {

    /** {@code postgres} or {@code redis}, as runs record it. */
    String backend();

    /**
     * Writes each row unless the stored row for its key is greater or equal in {@link OnlineRow#TIE_BREAK} order;
     * among rows of one call with the same key the greatest wins.
     *
     * @return how many keys were inserted or replaced
     */
    int upsert(ViewVersion view, List<OnlineRow> rows);

    /** The stored rows of the given keys, per view version; a key without a row is absent from the result. */
    Map<ViewVersion, Map<String, OnlineRow>> read(Map<ViewVersion, ? extends Collection<String>> keys);

    Optional<Watermark> watermark(ViewVersion view);

    void saveWatermark(ViewVersion view, Watermark watermark);
}
