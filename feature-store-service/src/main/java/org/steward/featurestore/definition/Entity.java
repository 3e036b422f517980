package org.steward.featurestore.definition;

import java.util.List;

/** What features describe — a customer, an account, a merchant — and the keys that identify one. */
public record Entity(String name, int version, List<JoinKey> joinKeys, String description) {

    public Entity {
        joinKeys = List.copyOf(joinKeys);
        description = description == null ? "" : description;
    }

    public Entity withVersion(int v) {
        return new Entity(name, v, joinKeys, description);
    }
}
