package org.steward.governance.report;

import org.steward.governance.approval.GovernanceFacts;

import java.util.List;

/**
 * The workflow's facts about a version as one report shows them: gates, findings, acts and exceptions, read
 * through {@link GovernanceFacts}.
 *
 * @param available false when this service runs without the workflow, so the report can say so rather than show
 *                  empty tables as if nothing had happened
 */
public record ReportFacts(boolean available, List<GovernanceFacts.GateResultView> gates,
                          List<GovernanceFacts.FindingView> findings, List<GovernanceFacts.ActView> acts,
                          List<GovernanceFacts.ExceptionView> exceptions) {

    public ReportFacts {
        gates = List.copyOf(gates);
        findings = List.copyOf(findings);
        acts = List.copyOf(acts);
        exceptions = List.copyOf(exceptions);
    }

    public static ReportFacts of(GovernanceFacts facts, String model, int version) {
        return new ReportFacts(true, facts.gates(model, version), facts.findings(model, version),
                facts.acts(model, version), facts.exceptions(model, version));
    }

    public static ReportFacts unavailable() {
        return new ReportFacts(false, List.of(), List.of(), List.of(), List.of());
    }
}
