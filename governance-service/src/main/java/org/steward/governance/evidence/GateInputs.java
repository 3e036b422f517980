package org.steward.governance.evidence;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the policy gates read, in the shape the workflow's gate evaluation expects (the {@code gate_inputs} column):
 * <pre>{"giniOutOfTime": 0.45, "psiDevVsOot": 0.03, "calibrationPassed": true, "calibrationPValue": 0.41,
 *  "disparateImpact": {"age_band": 0.85, "personal_status_and_sex": 0.91}, "explanations": true, "report": true}</pre>
 * A number that cannot be computed (no bads in the out-of-time window, an attribute missing from the training set,
 * nobody approved) is {@code null}, which no gate passes.
 *
 * @param disparateImpact every declared protected attribute → its smallest disparate impact of the decisions
 * @param explanations    whether global explanations were computed
 * @param report          whether the validation report was rendered from this evidence
 */
public record GateInputs(double giniOutOfTime, double psiDevVsOot, boolean calibrationPassed, double calibrationPValue,
                         Map<String, Double> disparateImpact, boolean explanations, boolean report) {

    public GateInputs {
        disparateImpact = Collections.unmodifiableMap(new LinkedHashMap<>(disparateImpact));
    }

    GateInputs withReport(boolean rendered) {
        return new GateInputs(giniOutOfTime, psiDevVsOot, calibrationPassed, calibrationPValue, disparateImpact,
                explanations, rendered);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        number(json, "giniOutOfTime", giniOutOfTime);
        number(json, "psiDevVsOot", psiDevVsOot);
        json.put("calibrationPassed", calibrationPassed);
        number(json, "calibrationPValue", calibrationPValue);
        ObjectNode impacts = json.putObject("disparateImpact");
        disparateImpact.forEach((attribute, ratio) -> number(impacts, attribute, ratio == null ? Double.NaN : ratio));
        json.put("explanations", explanations);
        json.put("report", report);
        return json;
    }

    private static void number(ObjectNode json, String field, double value) {
        if (Double.isFinite(value)) {
            json.put(field, value);
        } else {
            json.putNull(field);
        }
    }
}
