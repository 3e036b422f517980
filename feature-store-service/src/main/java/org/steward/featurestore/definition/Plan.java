package org.steward.featurestore.definition;

import java.util.List;

/**
 * What applying a document does: per definition, whether it is created, becomes a new version, or is unchanged,
 * and how it differs from the version before. A dry run returns the plan and changes nothing.
 *
 * @param catalog the catalog as it will be after the apply
 */
public record Plan(List<Change> changes, List<Object> created, Catalog catalog) {

    public Plan {
        changes = List.copyOf(changes);
        created = List.copyOf(created);
    }

    public enum Kind { ENTITY, FEATURE_VIEW, TRANSFORMATION, FEATURE_SERVICE }

    public enum Action { CREATE, NEW_VERSION, UNCHANGED }

    /**
     * @param differences human-readable differences from the previous version, e.g. {@code ttl: 30d -> 60d}
     */
    public record Change(Kind kind, String name, Action action, int version, List<String> differences) {
        public Change {
            differences = List.copyOf(differences);
        }
    }

    public boolean changesAnything() {
        return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED);
    }
}
