package org.steward.governance.approval;

import java.time.Period;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How serious a validator's finding is. High and critical findings that are still open block approval; each
 * severity has a default time to fix, used when the validator gives no due date.
 */
public enum Severity {
    LOW(Period.ofDays(180)), MEDIUM(Period.ofDays(90)), HIGH(Period.ofDays(60)), CRITICAL(Period.ofDays(30));

    private final Period defaultDue;

    Severity(Period defaultDue) {
        this.defaultDue = defaultDue;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Period defaultDue() {
        return defaultDue;
    }

    /** Whether an open finding of this severity blocks approval. */
    public boolean blocksApproval() {
        return this == HIGH || this == CRITICAL;
    }

    public static Optional<Severity> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(Severity::code).collect(Collectors.joining(", "));
    }
}
