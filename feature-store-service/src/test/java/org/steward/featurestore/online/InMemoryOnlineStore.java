package org.steward.featurestore.online;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An online store in a map, for domain tests without servers; it passes the same contract as the real backends. */
final class InMemoryOnlineStore implements OnlineStore {

    private final Map<ViewVersion, Map<String, OnlineRow>> rows = new ConcurrentHashMap<>();
    private final Map<ViewVersion, Watermark> watermarks = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String backend() {
        return "memory";
    }

    @Override
    public synchronized int upsert(ViewVersion view, List<OnlineRow> batch) {
        Map<String, OnlineRow> stored = rows.computeIfAbsent(view, v -> new HashMap<>());
        int written = 0;
        for (OnlineRow row : OnlineRow.latestPerKey(batch)) {
            OnlineRow current = stored.get(row.entityKey());
            if (current == null || row.supersedes(current)) {
                stored.put(row.entityKey(), row);
                written++;
            }
        }
        return written;
    }

    @Override
    public synchronized Map<ViewVersion, Map<String, OnlineRow>> read(Map<ViewVersion, ? extends Collection<String>> keys) {
        reads.incrementAndGet();
        Map<ViewVersion, Map<String, OnlineRow>> found = new HashMap<>();
        keys.forEach((view, viewKeys) -> viewKeys.forEach(key -> {
            OnlineRow row = rows.getOrDefault(view, Map.of()).get(key);
            if (row != null) {
                found.computeIfAbsent(view, v -> new HashMap<>()).put(key, row);
            }
        }));
        return found;
    }

    @Override
    public Optional<Watermark> watermark(ViewVersion view) {
        return Optional.ofNullable(watermarks.get(view));
    }

    @Override
    public void saveWatermark(ViewVersion view, Watermark watermark) {
        watermarks.put(view, watermark);
    }
}
