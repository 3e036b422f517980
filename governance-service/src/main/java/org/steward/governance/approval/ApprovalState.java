package org.steward.governance.approval;

import java.util.Locale;

/**
 * Where a version stands in governance, replayed from the acts that still count. It follows the registry's
 * lifecycle up to approval; production and archiving after rollouts are the deployment service's business.
 */
public enum ApprovalState {
    DEV, SUBMITTED, VALIDATED, REJECTED, APPROVED, WITHDRAWN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Rejected and withdrawn versions never move again; a new version must be registered. */
    public boolean isFinal() {
        return this == REJECTED || this == WITHDRAWN;
    }
}
