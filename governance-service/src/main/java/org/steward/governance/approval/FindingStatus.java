package org.steward.governance.approval;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A finding is open until a validator confirms it resolved, or an approver accepts the risk it describes; either may
 * be reopened by a validator.
 */
public enum FindingStatus {
    OPEN, RESOLVED, ACCEPTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FindingStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }
}
