package org.steward.governance.approval;

import java.time.Instant;
import java.util.UUID;

/**
 * One act as recorded: who did what, bound to which artifact and validation report.
 *
 * @param reportSha256 the validation report the actor saw; required for validations and approvals
 * @param eventType    the {@code steward.governance} event it caused
 */
public record Act(UUID id, ActType type, String actor, String artifactSha256, String reportSha256, String reason,
                  String eventType, Instant at) {
}
