package org.steward.governance.policy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.web.StewardException;
import org.steward.governance.catalog.CatalogModel;
import org.steward.governance.catalog.CatalogVersion;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The policy gates: their configuration per risk tier (changed only as a whole, and audited), and their evaluation
 * for a version from its latest evidence, stored so that what blocked or allowed an act can be shown later.
 */
@Service
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyService {

    /** The subject of audit records about the gate configuration. */
    public static final String GATES_SUBJECT = "policy/gates";

    private final PolicyRepository repository;
    private final EvidenceTables evidence;
    private final AuditLog audit;
    private final Clock clock;

    PolicyService(PolicyRepository repository, EvidenceTables evidence, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.evidence = evidence;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<GateConfig> gates() {
        return repository.gates();
    }

    /**
     * Replaces the whole configuration, which must name every configurable gate for every tier exactly once, so that
     * no gate is dropped by omission. The change is audited with the configuration before and after.
     */
    @Transactional
    public List<GateConfig> replaceGates(List<GateConfig> gates, String reason) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GateConfig g : gates) {
            problems.addAll(g.problems());
            if (g.gate() != null && !seen.add(g.riskTier() + " " + g.gate().code())) {
                problems.add("tier " + g.riskTier() + " " + g.gate().code() + ": listed twice");
            }
        }
        for (int tier = 1; tier <= 3; tier++) {
            for (Gate gate : Arrays.stream(Gate.values()).filter(Gate::configurable).toList()) {
                if (!seen.contains(tier + " " + gate.code())) {
                    problems.add("tier " + tier + " " + gate.code() + ": missing (send every gate of every tier, "
                            + "with enabled false for those that do not apply)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw StewardException.invalid(String.join("; ", problems));
        }
        List<GateConfig> before = repository.gates();
        repository.replaceGates(gates, audit.currentActor(), clock.instant());
        List<GateConfig> after = repository.gates();
        audit.record("policy.gates.changed", GATES_SUBJECT, before, after, reason);
        return after;
    }

    /**
     * Evaluates the version's gates from the latest evidence for its artifact and stores the evaluation, unless it
     * says exactly what the latest stored one says.
     *
     * @param evidenceProblem why computing the evidence failed, when it was tried and did; null otherwise
     */
    @Transactional
    public GateEvaluation evaluate(CatalogModel model, CatalogVersion version, String actor, String evidenceProblem) {
        Optional<Evidence> latest = evidence.latest(version.model(), version.version(), version.artifactSha256());
        boolean reportRendered = evidence.latestReport(version.model(), version.version(), version.artifactSha256()).isPresent();
        List<GateResult> results = PolicyGates.evaluate(model.riskTier(), repository.gates(), model.protectedAttributes(),
                latest, reportRendered, evidenceProblem);
        GateEvaluation evaluation = new GateEvaluation(UUID.randomUUID(), version.model(), version.version(),
                version.artifactSha256(), model.riskTier(), latest.map(Evidence::id).orElse(null),
                clock.instant().truncatedTo(ChronoUnit.MICROS), actor, results);
        Optional<GateEvaluation> previous = latest(version);
        if (previous.isPresent() && previous.get().sameVerdictsAs(evaluation)) {
            return previous.get();
        }
        repository.save(evaluation);
        return evaluation;
    }

    /** The latest stored evaluation for the version's current artifact. */
    @Transactional(readOnly = true)
    public Optional<GateEvaluation> latest(CatalogVersion version) {
        return repository.latestEvaluation(version.model(), version.version(), version.artifactSha256());
    }

    @Transactional(readOnly = true)
    public List<PolicyException> exceptions(String model, int version) {
        return repository.exceptions(model, version);
    }

    /** Stores an exception; the caller has checked who grants it and audits it with the act. */
    @Transactional
    public void record(PolicyException exception) {
        repository.insert(exception);
    }
}
