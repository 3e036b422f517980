package org.steward.governance.approval;

import org.steward.commons.security.StewardRole;

import java.util.Set;

/**
 * The authenticated identity behind a request: the token's subject and the platform roles it carries. Separation of
 * duties is decided on this alone, never on a name in a request body.
 */
public record Actor(String subject, Set<StewardRole> roles) {

    public Actor {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an actor needs a subject");
        }
        roles = Set.copyOf(roles);
    }

    public boolean has(StewardRole role) {
        return roles.contains(role);
    }
}
