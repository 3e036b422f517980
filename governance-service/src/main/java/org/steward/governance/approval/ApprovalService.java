package org.steward.governance.approval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.web.StewardException;
import org.steward.governance.catalog.Catalog;
import org.steward.governance.catalog.CatalogModel;
import org.steward.governance.catalog.CatalogRepository;
import org.steward.governance.catalog.CatalogVersion;
import org.steward.governance.policy.EvidenceComputation;
import org.steward.governance.policy.EvidenceTables;
import org.steward.governance.policy.Gate;
import org.steward.governance.policy.GateEvaluation;
import org.steward.governance.policy.GateResult;
import org.steward.governance.policy.PolicyException;
import org.steward.governance.policy.PolicyProperties;
import org.steward.governance.policy.PolicyService;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The approval workflow: submit, validate or reject, approve, withdraw, policy exceptions and findings. Each act
 * runs in one transaction with the version locked, re-checks who may act and what the act is bound to, and commits
 * with its audit event and its {@code steward.governance} event. A refused attempt is audited in a transaction of
 * its own, so the refusal reaches the audit trail although the request fails.
 */
@Service
public class ApprovalService {

    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    private static final Set<StewardException.Kind> REFUSALS = EnumSet.of(StewardException.Kind.FORBIDDEN,
            StewardException.Kind.CONFLICT, StewardException.Kind.UNPROCESSABLE);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * What an actor sends with an act: the artifact (and for validations and approvals the report) they saw.
     *
     * @param reason   required to reject or withdraw; a comment otherwise
     * @param findings raised with a validation or rejection
     */
    public record ActRequest(String artifactSha256, String reportSha256, String reason, List<FindingRequest> findings) {

        public ActRequest {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /**
     * @param owner who must fix it; the model's owner when not given
     * @param dueOn when it must be fixed by; by default after the severity's time to fix
     */
    public record FindingRequest(String severity, String text, String owner, LocalDate dueOn) {
    }

    /** @param expiresOn the last day the exception holds */
    public record ExceptionRequest(String artifactSha256, String gate, String reason, LocalDate expiresOn) {
    }

    /** @param status {@code resolved}, {@code accepted} or {@code open} (reopened) */
    public record FindingUpdate(String status, String resolution) {
    }

    private final Catalog catalog;
    private final CatalogRepository versions;
    private final PolicyService policy;
    private final EvidenceTables evidence;
    private final ApprovalRepository repository;
    private final Cases cases;
    private final WorkflowFacts facts;
    private final GovernanceChanges changes;
    private final ObjectProvider<EvidenceComputation> computation;
    private final PolicyProperties policyProperties;
    private final Clock clock;
    private final TransactionTemplate writable;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate separately;

    ApprovalService(Catalog catalog, CatalogRepository versions, PolicyService policy, EvidenceTables evidence,
                    ApprovalRepository repository, Cases cases, WorkflowFacts facts, GovernanceChanges changes,
                    ObjectProvider<EvidenceComputation> computation, PolicyProperties policyProperties, Clock clock,
                    PlatformTransactionManager transactions) {
        this.catalog = catalog;
        this.versions = versions;
        this.policy = policy;
        this.evidence = evidence;
        this.repository = repository;
        this.cases = cases;
        this.facts = facts;
        this.changes = changes;
        this.computation = computation;
        this.policyProperties = policyProperties;
        this.clock = clock;
        this.writable = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Performs an act of the workflow for {@code actor}. A submission first evaluates the policy gates of the
     * model's tier (computing the evidence if there is none and the evidence package can); a validation evaluates
     * them again and is refused while one fails without an exception; an approval is refused while a gate fails or a
     * high or critical finding is open.
     */
    public ApprovalView act(ActType type, String model, int version, ActRequest request, Actor actor) {
        requireSha256("artifactSha256", request.artifactSha256());
        if (type == ActType.VALIDATE || type == ActType.APPROVE) {
            requireSha256("reportSha256", request.reportSha256());
        } else if (request.reportSha256() != null) {
            requireSha256("reportSha256", request.reportSha256());
        }
        if ((type == ActType.REJECT || type == ActType.WITHDRAW) && blank(request.reason())) {
            throw StewardException.invalid("reason is required to " + type.code() + " a version");
        }
        if (!request.findings().isEmpty() && type != ActType.VALIDATE && type != ActType.REJECT) {
            throw StewardException.invalid("findings are raised with a validation or a rejection, not with " + type.code());
        }
        request.findings().forEach(ApprovalService::checkFinding);
        Catalog.Entry entry = catalog.require(model, version);
        Map<String, Object> claims = claims(request.artifactSha256(), request.reportSha256());
        return attempt(type.code(), entry.version().subject(), actor, claims, () -> {
            ApprovalCase preflight = readOnly.execute(tx -> cases.load(entry.version()));
            preflight.authorise(type, actor);
            preflight.check(type, request.artifactSha256(), request.reportSha256());
            if (type == ActType.SUBMIT || type == ActType.VALIDATE) {
                String evidenceProblem = type == ActType.SUBMIT ? ensureEvidence(entry.version()) : null;
                policy.evaluate(entry.model(), entry.version(), actor.subject(), evidenceProblem);
            }
            writable.executeWithoutResult(tx -> perform(type, model, version, request, actor));
            return view(model, version);
        });
    }

    /** Records an approver's exception for one failing gate of the version's current artifact, until its expiry. */
    public ApprovalView grantException(String model, int version, ExceptionRequest request, Actor actor) {
        requireSha256("artifactSha256", request.artifactSha256());
        Gate gate = Gate.fromCode(request.gate()).filter(Gate::configurable).orElseThrow(() -> StewardException.invalid(
                "gate must be one of " + Gate.configurableCodes() + ", not '" + request.gate() + "'"));
        if (blank(request.reason())) {
            throw StewardException.invalid("reason is required: why the version may go on despite the failing gate");
        }
        if (request.expiresOn() == null) {
            throw StewardException.invalid("expiresOn is required: the last day the exception holds (ISO date)");
        }
        Catalog.Entry entry = catalog.require(model, version);
        Map<String, Object> claims = claims(request.artifactSha256(), null);
        claims.put("gate", gate.code());
        claims.put("expiresOn", request.expiresOn().toString());
        return attempt("exception", entry.version().subject(), actor, claims, () -> {
            writable.executeWithoutResult(tx -> {
                CatalogVersion v = lock(model, version);
                ApprovalCase c = cases.load(v);
                c.authoriseException(actor);
                c.requireBinding(request.artifactSha256(), null, false);
                ApprovalState state = c.state();
                if (state == ApprovalState.DEV || state.isFinal()) {
                    throw StewardException.conflict("Act not allowed now", "a policy exception is granted for a version "
                            + "under governance; " + c.name() + " is " + state.code());
                }
                GateEvaluation evaluation = policy.latest(v).orElseThrow(() -> StewardException.conflict("Gates not evaluated",
                        "the gates of " + c.name() + " have not been evaluated for its current artifact"));
                if (!evaluation.failing(gate)) {
                    throw StewardException.conflict("Gate passes", "the gate " + gate.code() + " passes for " + c.name()
                            + "; an exception is only recorded for a failing gate");
                }
                LocalDate today = today();
                if (!request.expiresOn().isAfter(today)
                        || request.expiresOn().isAfter(today.plusDays(policyProperties.maxExceptionDays()))) {
                    throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Invalid expiry", "a policy exception "
                            + "must expire after today and within " + policyProperties.maxExceptionDays() + " days (by "
                            + today.plusDays(policyProperties.maxExceptionDays()) + "), not on " + request.expiresOn());
                }
                PolicyException exception = new PolicyException(UUID.randomUUID(), model, version, v.artifactSha256(), gate,
                        request.reason().strip(), request.expiresOn(), actor.subject(), now());
                policy.record(exception);
                Map<String, Object> data = eventData(v, actor, null, exception.reason(), state);
                data.put("gate", gate.code());
                data.put("expiresOn", exception.expiresOn().toString());
                data.put("exceptionId", exception.id().toString());
                changes.record(actor.subject(), "policy.exception.granted", v.subject(), null,
                        facts.view(exception, v.artifactSha256()), exception.reason(), data);
            });
            return view(model, version);
        });
    }

    /** Raises findings on a submitted version outside a validation or rejection. */
    public ApprovalView raiseFindings(String model, int version, List<FindingRequest> findings, Actor actor) {
        if (findings == null || findings.isEmpty()) {
            throw StewardException.invalid("findings must list at least one finding");
        }
        findings.forEach(ApprovalService::checkFinding);
        Catalog.Entry entry = catalog.require(model, version);
        return attempt("raise-finding", entry.version().subject(), actor, new LinkedHashMap<>(), () -> {
            writable.executeWithoutResult(tx -> {
                CatalogVersion v = lock(model, version);
                ApprovalCase c = cases.load(v);
                c.authoriseFinding(actor);
                if (c.state() == ApprovalState.DEV) {
                    throw StewardException.conflict("Act not allowed now", "findings are raised on a submitted version; "
                            + c.name() + " has not been submitted");
                }
                CatalogModel m = versions.model(model).orElseThrow();
                for (Finding f : raise(findings, v, m, actor, null)) {
                    Map<String, Object> data = eventData(v, actor, null, f.text(), c.state());
                    data.put("finding", WorkflowFacts.view(f));
                    changes.record(actor.subject(), "finding.raised", v.subject(), null, WorkflowFacts.view(f), null, data);
                }
            });
            return view(model, version);
        });
    }

    /**
     * Moves a finding: a validator confirms it resolved or reopens it; an approver accepts its risk. Neither may be
     * the version's author.
     */
    public ApprovalView updateFinding(String model, int version, UUID findingId, FindingUpdate update, Actor actor) {
        FindingStatus to = FindingStatus.fromCode(update.status()).orElseThrow(() -> StewardException.invalid(
                "status must be open, resolved or accepted, not '" + update.status() + "'"));
        if (blank(update.resolution())) {
            throw StewardException.invalid("resolution is required: why the finding is " + to.code());
        }
        Catalog.Entry entry = catalog.require(model, version);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("finding", findingId.toString());
        claims.put("status", to.code());
        return attempt("update-finding", entry.version().subject(), actor, claims, () -> {
            writable.executeWithoutResult(tx -> {
                CatalogVersion v = lock(model, version);
                ApprovalCase c = cases.load(v);
                Finding finding = repository.findings(model, version).stream().filter(f -> f.id().equals(findingId))
                        .findFirst().orElseThrow(() -> StewardException.notFound("Finding", "no finding " + findingId
                                + " on " + c.name()));
                c.authoriseFindingUpdate(actor, to);
                if (finding.status() == to) {
                    throw StewardException.conflict("Finding unchanged", "finding " + findingId + " is already " + to.code());
                }
                repository.update(findingId, to, update.resolution().strip(), actor.subject(), now());
                Map<String, Object> data = eventData(v, actor, null, update.resolution().strip(), c.state());
                data.put("finding", findingId.toString());
                data.put("from", finding.status().code());
                data.put("to", to.code());
                changes.record(actor.subject(), "finding.updated", v.subject(), Map.of("status", finding.status().code()),
                        Map.of("status", to.code()), update.resolution().strip(), data);
            });
            return view(model, version);
        });
    }

    /** The version under governance, filling the catalog from the registry if needed. */
    public ApprovalView view(String model, int version) {
        catalog.require(model, version);
        return readOnly.execute(tx -> {
            CatalogVersion v = versions.version(model, version).orElseThrow();
            CatalogModel m = versions.model(model).orElseThrow();
            ApprovalCase c = cases.load(v);
            List<PolicyException> exceptions = policy.exceptions(model, version);
            List<Finding> findings = repository.findings(model, version);
            ApprovalState state = c.state();
            String awaiting = switch (state) {
                case DEV -> "submit";
                case SUBMITTED -> "validate";
                case VALIDATED -> "approve";
                default -> null;
            };
            List<String> blockers = new ArrayList<>();
            if (state == ApprovalState.SUBMITTED || state == ApprovalState.VALIDATED) {
                blockers.addAll(gateBlockers(policy.latest(v), exceptions));
            }
            if (state == ApprovalState.VALIDATED) {
                blockers.addAll(findingBlockers(findings));
            }
            return new ApprovalView(model, version, m.useCase(), m.riskTier(), m.owner(), v.registeredBy(),
                    v.artifactSha256(), c.reportSha256(), v.status(), state.code(), awaiting, blockers,
                    facts.gates(v, exceptions), exceptions.stream().map(e -> facts.view(e, v.artifactSha256())).toList(),
                    findings.stream().map(WorkflowFacts::view).toList(), facts.acts(c));
        });
    }

    private void perform(ActType type, String model, int version, ActRequest request, Actor actor) {
        CatalogVersion v = lock(model, version);
        ApprovalCase c = cases.load(v);
        c.authorise(type, actor);
        c.check(type, request.artifactSha256(), request.reportSha256());
        ApprovalState before = c.state();
        Optional<GateEvaluation> evaluation = policy.latest(v);
        List<PolicyException> exceptions = policy.exceptions(model, version);
        if (type == ActType.VALIDATE || type == ActType.APPROVE) {
            List<String> blockers = new ArrayList<>(gateBlockers(evaluation, exceptions));
            if (!blockers.isEmpty()) {
                throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Failing policy gates", "cannot "
                        + type.code() + " " + c.name() + " while gates fail without a policy exception: "
                        + String.join("; ", blockers) + ". An approver may record an exception: steward exception "
                        + model + " " + version + " --gate GATE --reason REASON --expires DATE");
            }
        }
        if (type == ActType.APPROVE) {
            List<String> open = findingBlockers(repository.findings(model, version));
            if (!open.isEmpty()) {
                throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Open findings", "cannot approve "
                        + c.name() + " while high or critical findings are open: " + String.join("; ", open));
            }
        }
        Act act = new Act(UUID.randomUUID(), type, actor.subject(), request.artifactSha256(), request.reportSha256(),
                blank(request.reason()) ? null : request.reason().strip(), c.eventTypeFor(type), now());
        repository.insert(act, model, version);
        List<Finding> raised = raise(request.findings(), v, versions.model(model).orElseThrow(), actor, act.id());
        List<Act> acts = new ArrayList<>(c.acts());
        acts.add(act);
        ApprovalState after = new ApprovalCase(model, version, c.author(), c.artifactSha256(), c.reportSha256(), c.currentReports(), acts).state();

        Map<String, Object> data = eventData(v, actor, act.reportSha256(), act.reason(), after);
        data.put("act", type.code());
        if (!raised.isEmpty()) {
            data.put("findings", raised.stream().map(WorkflowFacts::view).toList());
        }
        if (type != ActType.REJECT && type != ActType.WITHDRAW) {
            data.put("gates", facts.gates(v, exceptions));
        }
        changes.record(actor.subject(), act.eventType(), v.subject(), Map.of("state", before.code()), data, act.reason(), data);
        log.info("{} {} by {}: {} -> {}", act.eventType(), v.subject(), actor.subject(), before.code(), after.code());
    }

    /**
     * Computes the evidence when the artifact has none yet and the evidence package is present; returns why that
     * failed, if it did, so the evidence gate can say so. Runs outside the act's transaction, since it is long and
     * a failure in it must not undo the submission.
     */
    private String ensureEvidence(CatalogVersion v) {
        if (evidence.latest(v.model(), v.version(), v.artifactSha256()).isPresent()) {
            return null;
        }
        EvidenceComputation compute = computation.getIfAvailable();
        if (compute == null) {
            return "no evidence computation is installed";
        }
        try {
            compute.compute(v.model(), v.version());
            return null;
        } catch (RuntimeException e) {
            log.warn("Evidence for {} could not be computed at submission: {}", v.subject(), e.getMessage());
            return e.getMessage();
        }
    }

    private List<Finding> raise(List<FindingRequest> requests, CatalogVersion v, CatalogModel m, Actor actor, UUID actId) {
        List<Finding> raised = new ArrayList<>();
        Instant now = now();
        for (FindingRequest r : requests) {
            Severity severity = Severity.fromCode(r.severity()).orElseThrow();
            Finding finding = new Finding(UUID.randomUUID(), v.model(), v.version(), severity, FindingStatus.OPEN,
                    r.text().strip(), blank(r.owner()) ? m.owner() : r.owner().strip(),
                    r.dueOn() != null ? r.dueOn() : today().plus(severity.defaultDue()), actor.subject(), now, actId,
                    null, null, null);
            repository.insert(finding);
            raised.add(finding);
        }
        return raised;
    }

    private List<String> gateBlockers(Optional<GateEvaluation> evaluation, List<PolicyException> exceptions) {
        if (evaluation.isEmpty()) {
            return List.of("the gates have not been evaluated for the current artifact");
        }
        return evaluation.get().blocking(exceptions, today()).stream().map(ApprovalService::describe).toList();
    }

    private static List<String> findingBlockers(List<Finding> findings) {
        return findings.stream().filter(Finding::blocksApproval)
                .map(f -> "open " + f.severity().code() + " finding " + f.id() + " (" + f.text() + ", owner " + f.owner()
                        + ", due " + f.dueOn() + ")")
                .toList();
    }

    private static String describe(GateResult r) {
        return r.gate().code() + (r.attribute() == null ? "" : " (" + r.attribute() + ")") + ": " + r.message();
    }

    /** Runs an attempt; a refusal is audited in its own transaction before the problem goes back to the caller. */
    private <T> T attempt(String attempted, String subject, Actor actor, Map<String, Object> claims, Supplier<T> body) {
        try {
            return body.get();
        } catch (StewardException e) {
            if (REFUSALS.contains(e.kind())) {
                Map<String, Object> attempt = new LinkedHashMap<>();
                attempt.put("attempted", attempted);
                attempt.put("refusal", e.title());
                attempt.putAll(claims);
                separately.executeWithoutResult(tx -> changes.refused(actor.subject(), subject, attempt, e.getMessage()));
                log.info("Refused {} of {} by {}: {}", attempted, subject, actor.subject(), e.getMessage());
            }
            throw e;
        }
    }

    private CatalogVersion lock(String model, int version) {
        return versions.versionForUpdate(model, version).orElseThrow(() -> StewardException.notFound("Model version",
                "governance has no version " + version + " of model '" + model + "'"));
    }

    private static Map<String, Object> eventData(CatalogVersion v, Actor actor, String reportSha256, String reason,
                                                 ApprovalState state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", v.model());
        data.put("version", v.version());
        data.put("actor", actor.subject());
        data.put("artifactSha256", v.artifactSha256());
        data.put("reportSha256", reportSha256);
        data.put("reason", reason);
        data.put("state", state.code());
        return data;
    }

    private static Map<String, Object> claims(String artifactSha256, String reportSha256) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("artifactSha256", artifactSha256);
        claims.put("reportSha256", reportSha256);
        return claims;
    }

    private static void checkFinding(FindingRequest f) {
        if (f == null || Severity.fromCode(f.severity()).isEmpty()) {
            throw StewardException.invalid("each finding needs a severity: one of " + Severity.codes());
        }
        if (blank(f.text())) {
            throw StewardException.invalid("each finding needs a text saying what is wrong");
        }
    }

    private static void requireSha256(String field, String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw StewardException.invalid(field + " must be the SHA-256 you reviewed, as 64 lower-case hex digits"
                    + (value == null ? "" : ", not '" + value + "'"));
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
