package org.steward.governance.approval;

import org.steward.governance.approval.GovernanceFacts.ActView;
import org.steward.governance.approval.GovernanceFacts.ExceptionView;
import org.steward.governance.approval.GovernanceFacts.FindingView;
import org.steward.governance.approval.GovernanceFacts.GateResultView;

import java.util.List;

/**
 * Everything about one version under governance, as validators, approvers and auditors see it.
 *
 * @param author         who registered it, and so may submit it and never validate or approve it
 * @param reportSha256   the latest PDF validation report for the current artifact: what validations and approvals
 *                       must be bound to; null until one is rendered
 * @param registryStatus the lifecycle status the registry last reported
 * @param state          the governance state, replayed from the acts that still count
 * @param awaiting       the next act ({@code submit}, {@code validate}, {@code approve}); null when none is due
 * @param blockers       what stands in the way of that act: failing gates without an exception, open high or
 *                       critical findings
 */
public record ApprovalView(String model, int version, String useCase, int riskTier, String owner, String author,
                           String artifactSha256, String reportSha256, String registryStatus, String state,
                           String awaiting, List<String> blockers, List<GateResultView> gates,
                           List<ExceptionView> exceptions, List<FindingView> findings, List<ActView> acts) {
}
