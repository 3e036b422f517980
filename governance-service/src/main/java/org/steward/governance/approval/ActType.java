package org.steward.governance.approval;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The acts of the approval workflow and the {@code steward.governance} event each causes. The registry applies the
 * lifecycle event types; an act that renews one the registry already applied (a validation repeated because the
 * report changed) is announced with its renewal type instead, which the registry ignores, since for it nothing moves.
 */
public enum ActType {
    SUBMIT("approval.submitted", "approval.resubmitted", 1),
    VALIDATE("validation.granted", "validation.renewed", 2),
    REJECT("validation.rejected", null, 2),
    APPROVE("approval.granted", "approval.renewed", 3),
    WITHDRAW("approval.withdrawn", null, 4);

    private final String eventType;
    private final String renewalType;
    private final int rank;

    ActType(String eventType, String renewalType, int rank) {
        this.eventType = eventType;
        this.renewalType = renewalType;
        this.rank = rank;
    }

    /** The wire and database name: {@code submit}, {@code validate}, … */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The lifecycle event type the registry applies. */
    public String eventType() {
        return eventType;
    }

    /** The event type when the registry has already been told as much; null for acts that are final. */
    String renewalType() {
        return renewalType;
    }

    /** How far along the lifecycle the act takes a version. */
    int rank() {
        return rank;
    }

    /** The state the act moves a version to from {@code state}, or empty when it cannot follow it. */
    Optional<ApprovalState> from(ApprovalState state) {
        return Optional.ofNullable(switch (this) {
            case SUBMIT -> state == ApprovalState.DEV ? ApprovalState.SUBMITTED : null;
            case VALIDATE -> state == ApprovalState.SUBMITTED ? ApprovalState.VALIDATED : null;
            case REJECT -> state == ApprovalState.SUBMITTED ? ApprovalState.REJECTED : null;
            case APPROVE -> state == ApprovalState.VALIDATED ? ApprovalState.APPROVED : null;
            case WITHDRAW -> state.isFinal() ? null : ApprovalState.WITHDRAWN;
        });
    }

    public static Optional<ActType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }
}
