package org.steward.governance.approval;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.governance.catalog.CatalogRepository;
import org.steward.governance.catalog.CatalogVersion;
import org.steward.governance.policy.GateEvaluation;
import org.steward.governance.policy.PolicyException;
import org.steward.governance.policy.PolicyRepository;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The workflow's facts about a version, read from its tables, for the report, the approval view and the inventory. */
@Service
@Transactional(readOnly = true)
public class WorkflowFacts implements GovernanceFacts {

    private final CatalogRepository catalog;
    private final PolicyRepository policy;
    private final ApprovalRepository approvals;
    private final Cases cases;
    private final Clock clock;

    WorkflowFacts(CatalogRepository catalog, PolicyRepository policy, ApprovalRepository approvals, Cases cases, Clock clock) {
        this.catalog = catalog;
        this.policy = policy;
        this.approvals = approvals;
        this.cases = cases;
        this.clock = clock;
    }

    @Override
    public List<GateResultView> gates(String model, int version) {
        return catalog.version(model, version).map(v -> gates(v, policy.exceptions(model, version))).orElse(List.of());
    }

    @Override
    public List<FindingView> findings(String model, int version) {
        return approvals.findings(model, version).stream().map(WorkflowFacts::view).toList();
    }

    @Override
    public List<ActView> acts(String model, int version) {
        return catalog.version(model, version).map(v -> acts(cases.load(v))).orElse(List.of());
    }

    @Override
    public List<ExceptionView> exceptions(String model, int version) {
        return catalog.version(model, version).map(v -> policy.exceptions(model, version).stream()
                .map(e -> view(e, v.artifactSha256())).toList()).orElse(List.of());
    }

    /** The version's governance state, replayed from the acts that count now. */
    public ApprovalState state(CatalogVersion v) {
        return cases.load(v).state();
    }

    List<GateResultView> gates(CatalogVersion v, List<PolicyException> exceptions) {
        Optional<GateEvaluation> evaluation = policy.latestEvaluation(v.model(), v.version(), v.artifactSha256());
        return evaluation.map(e -> e.results().stream().map(r -> new GateResultView(r.gate().code(), r.attribute(),
                r.passed(), r.value(), r.threshold(), r.gate().comparison().symbol(), r.message(),
                !r.passed() && e.excepted(r.gate(), exceptions, today()), e.evidenceId(), e.evaluatedAt())).toList())
                .orElse(List.of());
    }

    List<ActView> acts(ApprovalCase c) {
        ApprovalCase.Replay replay = c.replay();
        return c.acts().stream().map(a -> new ActView(a.id(), a.type().code(), a.eventType(), a.actor(), a.artifactSha256(),
                a.reportSha256(), a.reason(), a.at(), replay.counts(a), replay.stale().get(a.id()))).toList();
    }

    ExceptionView view(PolicyException e, String currentArtifactSha256) {
        return new ExceptionView(e.id(), e.gate().code(), e.reason(), e.expiresOn(), e.grantedBy(), e.grantedAt(),
                e.artifactSha256(), e.activeFor(currentArtifactSha256, today()));
    }

    static FindingView view(Finding f) {
        return new FindingView(f.id(), f.severity().code(), f.status().code(), f.text(), f.owner(), f.dueOn(),
                f.raisedBy(), f.raisedAt(), f.resolution(), f.updatedBy(), f.updatedAt());
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
