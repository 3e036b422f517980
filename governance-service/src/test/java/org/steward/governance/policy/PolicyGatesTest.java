package org.steward.governance.policy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyGatesTest {

    private static final List<GateConfig> CONFIG = List.of(
            new GateConfig(1, Gate.GINI_OUT_OF_TIME, true, 0.40), new GateConfig(1, Gate.PSI_DEV_VS_OOT, true, 0.10),
            new GateConfig(1, Gate.CALIBRATION, true, null), new GateConfig(1, Gate.DISPARATE_IMPACT, true, 0.8),
            new GateConfig(1, Gate.EXPLANATIONS, true, null), new GateConfig(1, Gate.REPORT, true, null),
            new GateConfig(3, Gate.GINI_OUT_OF_TIME, true, 0.20), new GateConfig(3, Gate.CALIBRATION, false, null));

    @Test
    void judgesEveryEnabledGateOfTheTierFromTheEvidence() {
        Evidence evidence = evidence("""
                {"giniOutOfTime": 0.45, "psiDevVsOot": 0.12, "calibrationPassed": false, "calibrationPValue": 0.01,
                 "disparateImpact": {"age_band": 0.62, "sex": 0.91}, "explanations": true, "report": false}""");

        List<GateResult> results = PolicyGates.evaluate(1, CONFIG, List.of("age_band", "sex"), Optional.of(evidence), false, null);

        assertThat(results).extracting(r -> r.gate().code() + (r.attribute() == null ? "" : ":" + r.attribute()) + "=" + r.passed())
                .containsExactly("evidence=true", "gini-out-of-time=true", "psi-dev-vs-oot=false", "calibration=false",
                        "disparate-impact:age_band=false", "disparate-impact:sex=true", "explanations=true", "report=false");
        assertThat(results.get(2).message()).isEqualTo("PSI development vs out-of-time 0.12 exceeds the maximum 0.1");
        assertThat(results.get(3).message()).isEqualTo("the calibration test failed (p = 0.01)");
        assertThat(results.get(4).message()).isEqualTo("disparate-impact ratio for 'age_band' 0.62 is below the minimum 0.8");
        assertThat(results.get(4).value()).isEqualTo(0.62);
        assertThat(results.get(4).threshold()).isEqualTo(0.8);
    }

    @Test
    void aMissingMeasureOrAttributeFailsItsGateAndSaysWhy() {
        Evidence evidence = evidence("""
                {"giniOutOfTime": null, "disparateImpact": {}, "explanations": true}""");

        List<GateResult> results = PolicyGates.evaluate(1, CONFIG, List.of("age_band"), Optional.of(evidence), true, null);

        assertThat(results).filteredOn(r -> r.gate() == Gate.GINI_OUT_OF_TIME).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("no out-of-time Gini"));
        assertThat(results).filteredOn(r -> r.gate() == Gate.DISPARATE_IMPACT).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("no disparate-impact ratio for the protected attribute 'age_band'"));
        assertThat(results).filteredOn(r -> r.gate() == Gate.REPORT).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
    }

    @Test
    void withoutEvidenceTheEvidenceGateFailsAndNothingElseIsJudged() {
        List<GateResult> results = PolicyGates.evaluate(3, CONFIG, List.of(), Optional.empty(), false, "training set ts-1 is gone");

        assertThat(results).extracting(r -> r.gate().code()).containsExactly("evidence", "gini-out-of-time");
        assertThat(results).noneMatch(GateResult::passed);
        assertThat(results.getFirst().message()).startsWith("the evidence could not be computed (training set ts-1 is gone)");
        assertThat(results.get(1).message()).isEqualTo("not evaluated: no evidence");
    }

    @Test
    void anExceptionCoversItsFailingGateForItsArtifactUntilItExpires() {
        String artifact = "a".repeat(64);
        GateEvaluation evaluation = new GateEvaluation(UUID.randomUUID(), "m", 1, artifact, 1, null, Instant.now(), "dana",
                List.of(new GateResult(Gate.DISPARATE_IMPACT, "age_band", false, 0.6, 0.8, "too low"),
                        new GateResult(Gate.EVIDENCE, null, false, null, null, "none")));
        LocalDate today = LocalDate.of(2026, 3, 1);
        PolicyException exception = new PolicyException(UUID.randomUUID(), "m", 1, artifact, Gate.DISPARATE_IMPACT, "why",
                today, "alex", Instant.now());
        PolicyException evidenceWaiver = new PolicyException(UUID.randomUUID(), "m", 1, artifact, Gate.EVIDENCE, "no",
                today, "alex", Instant.now());

        assertThat(evaluation.blocking(List.of(exception, evidenceWaiver), today)).extracting(GateResult::gate)
                .containsExactly(Gate.EVIDENCE);
        assertThat(evaluation.blocking(List.of(exception), today.plusDays(1))).hasSize(2);
    }

    @Test
    void aConfigurationEntrySaysWhatIsWrongWithIt() {
        assertThat(new GateConfig(4, Gate.GINI_OUT_OF_TIME, true, null).problems())
                .containsExactly("tier 4 gini-out-of-time: riskTier must be 1, 2 or 3", "tier 4 gini-out-of-time: needs a threshold "
                        + "(minimum Gini on the out-of-time window)");
        assertThat(new GateConfig(1, Gate.CALIBRATION, true, 0.5).problems()).containsExactly(
                "tier 1 calibration: is a yes/no check and takes no threshold");
        assertThat(new GateConfig(1, Gate.DISPARATE_IMPACT, true, 1.5).problems()).containsExactly(
                "tier 1 disparate-impact: threshold 1.5 is out of range (between 0 and 1)");
        assertThat(new GateConfig(1, Gate.EVIDENCE, true, null).problems()).hasSize(1);
    }

    private static Evidence evidence(String gateInputs) {
        return new Evidence(UUID.randomUUID(), GateInputs.of(JsonMapper.shared().readTree(gateInputs)), null);
    }
}
