package org.steward.commons.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * The platform's roles, as they appear in the token's roles claim. Spring authorities carry the {@code ROLE_}
 * prefix, so controllers write {@code @PreAuthorize("hasRole('validator')")}.
 */
public enum StewardRole {
    DATA_SCIENTIST("data_scientist"),
    ML_ENGINEER("ml_engineer"),
    VALIDATOR("validator"),
    APPROVER("approver"),
    AUDITOR("auditor"),
    OPERATIONS("operations"),
    ADMIN("admin");

    private final String claimValue;

    StewardRole(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public String authority() {
        return "ROLE_" + claimValue;
    }

    public static Optional<StewardRole> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
    }
}
