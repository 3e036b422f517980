package org.steward.governance.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An approver's decision to let one version through one failing gate, with the reason, until {@code expiresOn}
 * (inclusive). It is bound to the artifact it was granted for: other bytes would need their own decision.
 */
public record PolicyException(UUID id, String model, int version, String artifactSha256, Gate gate, String reason,
                              LocalDate expiresOn, String grantedBy, Instant grantedAt) {

    public boolean activeFor(String currentArtifactSha256, LocalDate today) {
        return artifactSha256.equals(currentArtifactSha256) && !today.isAfter(expiresOn);
    }
}
