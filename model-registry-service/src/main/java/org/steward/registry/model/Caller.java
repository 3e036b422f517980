package org.steward.registry.model;

import org.steward.commons.security.StewardRole;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated identity behind a request, as the web layer read it from the token: the services decide rules
 * that depend on who someone is (the owner of a model, the author of a version) beside what role they hold.
 */
public record Caller(String name, Set<StewardRole> roles) {

    public Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(StewardRole... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }
}
