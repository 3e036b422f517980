package org.steward.governance.policy;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the evidence measured for the gates: the {@code gate_inputs} JSON of an evidence row. A missing member is
 * null, which fails the gate that needs it with a message saying so.
 *
 * @param disparateImpact protected attribute → its disparate-impact ratio
 */
public record GateInputs(Double giniOutOfTime, Double psiDevVsOot, Boolean calibrationPassed, Double calibrationPValue,
                         Map<String, Double> disparateImpact, Boolean explanations, Boolean report) {

    public GateInputs {
        disparateImpact = disparateImpact == null ? Map.of() : Map.copyOf(disparateImpact);
    }

    public static GateInputs of(JsonNode json) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        json.path("disparateImpact").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                ratios.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return new GateInputs(number(json, "giniOutOfTime"), number(json, "psiDevVsOot"), bool(json, "calibrationPassed"),
                number(json, "calibrationPValue"), ratios, bool(json, "explanations"), bool(json, "report"));
    }

    private static Double number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    private static Boolean bool(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isBoolean() ? value.asBoolean() : null;
    }
}
