package org.steward.governance.approval;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What the workflow knows about a version, for the validation report: the policy gates as last evaluated, the
 * findings, the acts (and whether each still counts) and the policy exceptions. The report is rendered from these,
 * so that it shows exactly what the approval view and the inventory show.
 */
public interface GovernanceFacts {

    /** Gate results of the latest evaluation, in evaluation order; empty before the version is submitted. */
    List<GateResultView> gates(String model, int version);

    /** Every finding raised on the version, oldest first. */
    List<FindingView> findings(String model, int version);

    /** Every act on the version, in order, each saying whether it still counts. */
    List<ActView> acts(String model, int version);

    /** Every policy exception recorded for the version, oldest first, each saying whether it is active now. */
    List<ExceptionView> exceptions(String model, int version);

    /**
     * One gate's verdict.
     *
     * @param name       the gate, e.g. {@code disparate-impact}
     * @param attribute  the protected attribute, for per-attribute gates; null otherwise
     * @param value      the measured value; null when the gate is a yes/no check or had no input
     * @param threshold  the configured bound; null for yes/no checks
     * @param comparison how value is held against threshold: {@code >=}, {@code <=}, or {@code required}
     * @param excepted   failed, but an active policy exception covers it
     * @param evidenceId the evidence row the inputs came from; null when there was none
     */
    record GateResultView(String name, String attribute, boolean passed, Double value, Double threshold,
                          String comparison, String message, boolean excepted, UUID evidenceId, Instant evaluatedAt) {
    }

    /**
     * @param severity {@code low}, {@code medium}, {@code high} or {@code critical}
     * @param status   {@code open}, {@code resolved} or {@code accepted}
     */
    record FindingView(UUID id, String severity, String status, String text, String owner, LocalDate dueOn,
                       String raisedBy, Instant raisedAt, String resolution, String updatedBy, Instant updatedAt) {
    }

    /**
     * @param act       {@code submit}, {@code validate}, {@code reject}, {@code approve} or {@code withdraw}
     * @param eventType the {@code steward.governance} event it caused, e.g. {@code approval.granted}
     * @param counts    whether it still counts: bound to the version's current artifact (and, for validations and
     *                  approvals, the current validation report)
     * @param why       why it no longer counts; null when it counts
     */
    record ActView(UUID id, String act, String eventType, String actor, String artifactSha256, String reportSha256,
                   String reason, Instant at, boolean counts, String why) {
    }

    /** A recorded policy exception; {@code active} while bound to the current artifact and not expired. */
    record ExceptionView(UUID id, String gate, String reason, LocalDate expiresOn, String grantedBy, Instant grantedAt,
                         String artifactSha256, boolean active) {
    }
}
