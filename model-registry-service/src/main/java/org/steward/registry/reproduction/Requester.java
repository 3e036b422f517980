package org.steward.registry.reproduction;

import java.time.Instant;
import java.util.Objects;

/**
 * Who asked for a reproduction, with the bearer token they asked with: the rerun reads the feature store with it, so
 * the requester's own rights apply and nobody gains a right through the registry. The token is held in memory for the
 * run only, never stored or logged.
 *
 * @param expiresAt when the token stops being valid; a run that outlives it fails with that reason
 */
public record Requester(String name, String token, Instant expiresAt) {

    public Requester {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "Requester[" + name + ", token expires " + expiresAt + "]";
    }
}
