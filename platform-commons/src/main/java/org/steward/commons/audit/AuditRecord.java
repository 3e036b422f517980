package org.steward.commons.audit;

import tools.jackson.databind.JsonNode;

/**
 * What one state change looked like to a regulator: who did what to which thing, the state before and after,
 * and why. {@code before} is null for a creation and {@code after} for a deletion.
 */
public record AuditRecord(String actor, String action, String subject, JsonNode before, JsonNode after, String reason) {

    public AuditRecord {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit record needs an actor");
        }
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("an audit record needs an action");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an audit record needs a subject");
        }
    }
}
