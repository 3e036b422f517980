package org.steward.registry.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the bank states about a model, beside its versions: what it is for and not for, which attributes fairness is
 * monitored on, how its score becomes a decision, how a decline is explained, and which business KPIs it answers to.
 * Governance reads it for gates and reports, deployment for decisions and reason codes, monitoring for KPIs.
 *
 * @param protectedAttributes inputs fairness is measured on; they may never be given as a reason for a decision
 * @param decisionPolicy      null until the model has one
 * @param reasonCodes         input name → the reason a customer is told, e.g.
 *                            {@code checking_account → "Status of existing checking account"}
 */
public record ModelCard(String description, String intendedUse, String limitations, List<String> protectedAttributes,
                        DecisionPolicy decisionPolicy, Map<String, String> reasonCodes, List<KpiDefinition> kpis) {

    /** Inputs are named as the feature store names them; anything printable without spaces is accepted. */
    private static final Pattern INPUT = Pattern.compile("\\S{1,128}");

    public ModelCard {
        protectedAttributes = protectedAttributes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(protectedAttributes));
        reasonCodes = reasonCodes == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(reasonCodes));
        kpis = kpis == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(kpis));
    }

    /** Every rule the card breaks, each with the path of the offending value, so that all can be fixed at once. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < protectedAttributes.size(); i++) {
            String attribute = protectedAttributes.get(i);
            if (attribute == null || !INPUT.matcher(attribute).matches()) {
                problems.add("protectedAttributes[" + i + "] must be an input name without spaces, not '" + attribute + "'");
            } else if (!seen.add(attribute)) {
                problems.add("protectedAttributes lists '" + attribute + "' twice");
            }
        }
        if (decisionPolicy != null) {
            decisionPolicy.problems().forEach(p -> problems.add("decisionPolicy." + p));
        }
        reasonCodes.forEach((input, reason) -> {
            if (!INPUT.matcher(input).matches()) {
                problems.add("reasonCodes: '" + input + "' is not an input name");
            }
            if (reason == null || reason.isBlank()) {
                problems.add("reasonCodes." + input + " needs the reason a customer is told");
            }
            if (seen.contains(input)) {
                problems.add("reasonCodes." + input + ": '" + input + "' is a protected attribute, which may never be given "
                        + "as the reason for a decision");
            }
        });
        Set<String> kpiNames = new HashSet<>();
        for (int i = 0; i < kpis.size(); i++) {
            KpiDefinition kpi = kpis.get(i);
            String at = "kpis[" + i + "].";
            if (kpi == null) {
                problems.add("kpis[" + i + "] is null");
                continue;
            }
            kpi.problems().forEach(p -> problems.add(at + p));
            if (kpi.name() != null && !kpiNames.add(kpi.name())) {
                problems.add(at + "name '" + kpi.name() + "' is used by another KPI");
            }
        }
        return problems;
    }
}
