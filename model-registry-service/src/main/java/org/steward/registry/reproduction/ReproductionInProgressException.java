package org.steward.registry.reproduction;

import org.steward.commons.web.StewardException;

import java.util.Locale;

/** A second request while the version's reproduction is queued or running: a 409 that points to the running one. */
public final class ReproductionInProgressException extends StewardException {

    private final transient VersionReproduction active;

    ReproductionInProgressException(VersionReproduction active) {
        super(Kind.CONFLICT, "Reproduction already under way", active.model() + " version " + active.version()
                + " is already being reproduced (" + active.status().name().toLowerCase(Locale.ROOT) + ", requested by "
                + active.requestedBy() + " at " + active.requestedAt() + "): GET " + active.path()
                + " follows it; ask again once it has finished");
        this.active = active;
    }

    public VersionReproduction active() {
        return active;
    }
}
