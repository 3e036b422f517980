package org.steward.testsupport.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The named people of the embedded default, one per role of the platform, so that separation of duties can be
 * shown with real, distinct identities.
 */
public enum DemoIdentity {
    DANA("Dana Scientist", "data_scientist"),
    ELI("Eli Engineer", "ml_engineer"),
    VERA("Vera Validator", "validator"),
    ALEX("Alex Approver", "approver"),
    AUDREY("Audrey Auditor", "auditor"),
    OMAR("Omar Operations", "operations"),
    ADA("Ada Admin", "admin");

    private final String displayName;
    private final List<String> roles;

    DemoIdentity(String displayName, String... roles) {
        this.displayName = displayName;
        this.roles = List.of(roles);
    }

    /** The login name, which becomes the token's subject: {@code dana}, {@code vera}, … */
    public String username() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return displayName;
    }

    public List<String> roles() {
        return roles;
    }

    public static Optional<DemoIdentity> byUsername(String username) {
        return Arrays.stream(values()).filter(i -> i.username().equals(username)).findFirst();
    }
}
