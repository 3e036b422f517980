package org.steward.featurestore.online;

import org.springframework.stereotype.Component;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.FeatureService;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Serving plans by feature service version, kept off the request path's database round trips. A pinned
 * version is immutable, so its plan is compiled once and kept. Which version is the latest can change, so a
 * request without a version trusts the catalog copy for {@code steward.online.catalog-refresh}; a request naming
 * a service or version the copy lacks reloads it, so a fresh apply is served at once. Concurrent reloads coalesce:
 * a request waiting for the lock takes any copy loaded after it asked.
 */
@Component
public class ServingPlans {

    private record Snapshot(Catalog catalog, long loadedAt) {
    }

    private final DefinitionService definitions;
    private final long refreshNanos;
    private final Map<String, ServingPlan> plans = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    ServingPlans(DefinitionService definitions, OnlineProperties properties) {
        this.definitions = definitions;
        this.refreshNanos = properties.catalogRefresh().toNanos();
    }

    /**
     * @param version null for the latest version
     * @throws StewardException (not found) when the service or version does not exist
     */
    public ServingPlan plan(String service, Integer version) {
        if (service == null || service.isBlank()) {
            throw StewardException.invalid("featureService is required");
        }
        if (version != null) {
            ServingPlan cached = plans.get(service + "@" + version);
            if (cached != null) {
                return cached;
            }
        }
        long asked = System.nanoTime();
        Function<Catalog, Optional<FeatureService>> lookup = version == null
                ? c -> c.latestFeatureService(service) : c -> c.featureService(service, version);
        Catalog catalog = version == null ? catalog(asked - refreshNanos) : catalog(null);
        Optional<FeatureService> found = lookup.apply(catalog);
        if (found.isEmpty()) {
            catalog = catalog(asked);
            found = lookup.apply(catalog);
        }
        FeatureService resolved = found.orElseThrow(() -> StewardException.notFound("Feature service", "no feature service "
                + service + (version == null ? "" : "@" + version) + "; GET /api/v1/definitions lists them"));
        Catalog source = catalog;
        return plans.computeIfAbsent(service + "@" + resolved.version(), k -> ServingPlan.compile(resolved, source));
    }

    /** The catalog copy, reloaded first unless it was loaded at or after {@code notBefore} (null: any copy will do). */
    private Catalog catalog(Long notBefore) {
        Snapshot current = snapshot;
        if (stale(current, notBefore)) {
            synchronized (this) {
                current = snapshot;
                if (stale(current, notBefore)) {
                    long loading = System.nanoTime();  // before the query: the copy holds everything committed by then
                    current = new Snapshot(definitions.catalog(), loading);
                    snapshot = current;
                }
            }
        }
        return current.catalog();
    }

    private static boolean stale(Snapshot snapshot, Long notBefore) {
        return snapshot == null || notBefore != null && snapshot.loadedAt() - notBefore < 0;
    }
}
