package org.steward.governance.approval;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A validator's finding on a version: what is wrong, how serious, who must fix it and by when.
 *
 * @param actId      the validation or rejection it was raised with; null when raised on its own
 * @param resolution why its status last changed; null while it was never changed
 */
public record Finding(UUID id, String model, int version, Severity severity, FindingStatus status, String text,
                      String owner, LocalDate dueOn, String raisedBy, Instant raisedAt, UUID actId, String resolution,
                      String updatedBy, Instant updatedAt) {

    public boolean blocksApproval() {
        return status == FindingStatus.OPEN && severity.blocksApproval();
    }
}
