package org.steward.governance.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One evaluation of a version's gates: the verdicts, the evidence they were judged on and the tier whose
 * configuration applied.
 *
 * @param evidenceId null when no evidence existed
 */
public record GateEvaluation(UUID id, String model, int version, String artifactSha256, int riskTier, UUID evidenceId,
                             Instant evaluatedAt, String evaluatedBy, List<GateResult> results) {

    public GateEvaluation {
        results = List.copyOf(results);
    }

    /** The failing verdicts that no active exception covers: what blocks validation and approval. */
    public List<GateResult> blocking(List<PolicyException> exceptions, LocalDate today) {
        return results.stream().filter(r -> !r.passed() && !excepted(r.gate(), exceptions, today)).toList();
    }

    /** Whether an active exception for this evaluation's artifact covers the gate; the evidence gate is never waived. */
    public boolean excepted(Gate gate, List<PolicyException> exceptions, LocalDate today) {
        return gate.configurable() && exceptions.stream()
                .anyMatch(e -> e.gate() == gate && e.activeFor(artifactSha256, today));
    }

    public boolean failing(Gate gate) {
        return results.stream().anyMatch(r -> r.gate() == gate && !r.passed());
    }

    /** Whether it says the same as {@code other}: same artifact, tier, evidence and verdicts. */
    public boolean sameVerdictsAs(GateEvaluation other) {
        return other != null && artifactSha256.equals(other.artifactSha256) && riskTier == other.riskTier
                && Objects.equals(evidenceId, other.evidenceId) && results.equals(other.results);
    }
}
