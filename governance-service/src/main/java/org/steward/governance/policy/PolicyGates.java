package org.steward.governance.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Judges a version's evidence against the gates of its risk tier. Pure: the same configuration, card and evidence
 * always give the same verdicts, so a stored evaluation can be explained later from its inputs.
 */
public final class PolicyGates {

    private PolicyGates() {
    }

    /**
     * The verdict of every gate that applies to the tier, the evidence gate first.
     *
     * @param config              the tier's gate configuration (other tiers' entries are ignored)
     * @param protectedAttributes the model card's declared protected attributes
     * @param reportRendered      whether a validation report exists for the version's artifact
     * @param evidenceProblem     why the evidence could not be computed, when that was tried; null otherwise
     */
    public static List<GateResult> evaluate(int riskTier, List<GateConfig> config, List<String> protectedAttributes,
                                            Optional<Evidence> evidence, boolean reportRendered, String evidenceProblem) {
        List<GateResult> results = new ArrayList<>();
        results.add(evidence.isPresent()
                ? new GateResult(Gate.EVIDENCE, null, true, null, null, "evidence " + evidence.get().id() + " is the latest for this artifact")
                : new GateResult(Gate.EVIDENCE, null, false, null, null, (evidenceProblem == null
                ? "no evidence has been computed for this artifact yet"
                : "the evidence could not be computed (" + evidenceProblem + ")")
                + "; once it has been, the gates are evaluated again when the version is validated"));
        config.stream()
                .filter(c -> c.riskTier() == riskTier && c.enabled())
                .sorted(Comparator.comparing(GateConfig::gate))
                .forEach(c -> {
                    if (evidence.isEmpty() && !(c.gate() == Gate.REPORT && reportRendered)) {
                        results.add(new GateResult(c.gate(), null, false, null, c.threshold(), "not evaluated: no evidence"));
                    } else {
                        results.addAll(judge(c, evidence.map(Evidence::inputs).orElse(null), protectedAttributes, reportRendered));
                    }
                });
        return List.copyOf(results);
    }

    private static List<GateResult> judge(GateConfig c, GateInputs in, List<String> protectedAttributes, boolean reportRendered) {
        Double t = c.threshold();
        return switch (c.gate()) {
            case GINI_OUT_OF_TIME -> List.of(atLeast(c.gate(), null, in.giniOutOfTime(), t, "Gini on the out-of-time window",
                    "the evidence has no out-of-time Gini (the version's lineage may lack windows.outOfTime)"));
            case PSI_DEV_VS_OOT -> {
                Double psi = in.psiDevVsOot();
                if (psi == null) {
                    yield List.of(new GateResult(c.gate(), null, false, null, t,
                            "the evidence has no PSI between development and out-of-time scores"));
                }
                boolean passed = psi <= t;
                yield List.of(new GateResult(c.gate(), null, passed, psi, t, "PSI development vs out-of-time " + fmt(psi)
                        + (passed ? " is within the maximum " : " exceeds the maximum ") + fmt(t)));
            }
            case CALIBRATION -> List.of(required(c.gate(), in.calibrationPassed(), in.calibrationPValue(),
                    "the calibration test passed" + pValue(in), "the calibration test failed" + pValue(in),
                    "the evidence has no calibration test result"));
            case DISPARATE_IMPACT -> disparateImpact(c, in, protectedAttributes);
            case EXPLANATIONS -> List.of(required(c.gate(), in.explanations(), null, "explanations were computed",
                    "explanations were not computed", "the evidence does not say whether explanations were computed"));
            case REPORT -> List.of(reportRendered || Boolean.TRUE.equals(in.report())
                    ? new GateResult(c.gate(), null, true, null, null, "a validation report has been rendered")
                    : new GateResult(c.gate(), null, false, null, null,
                    "no validation report has been rendered for this artifact: steward report MODEL VERSION --format pdf"));
            case EVIDENCE -> throw new IllegalArgumentException("the evidence gate is not configurable");
        };
    }

    private static List<GateResult> disparateImpact(GateConfig c, GateInputs in, List<String> protectedAttributes) {
        if (protectedAttributes.isEmpty()) {
            return List.of(new GateResult(c.gate(), null, true, null, c.threshold(),
                    "the model card declares no protected attributes"));
        }
        return protectedAttributes.stream().map(attribute -> atLeast(c.gate(), attribute,
                in.disparateImpact().get(attribute), c.threshold(), "disparate-impact ratio for '" + attribute + "'",
                "the evidence has no disparate-impact ratio for the protected attribute '" + attribute + "'")).toList();
    }

    private static GateResult atLeast(Gate gate, String attribute, Double value, Double threshold, String what, String missing) {
        if (value == null) {
            return new GateResult(gate, attribute, false, null, threshold, missing);
        }
        boolean passed = value >= threshold;
        return new GateResult(gate, attribute, passed, value, threshold,
                what + " " + fmt(value) + (passed ? " meets the minimum " : " is below the minimum ") + fmt(threshold));
    }

    private static GateResult required(Gate gate, Boolean value, Double measured, String yes, String no, String missing) {
        if (value == null) {
            return new GateResult(gate, null, false, measured, null, missing);
        }
        return new GateResult(gate, null, value, measured, null, value ? yes : no);
    }

    private static String pValue(GateInputs in) {
        return in.calibrationPValue() == null ? "" : " (p = " + fmt(in.calibrationPValue()) + ")";
    }

    static String fmt(double value) {
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
