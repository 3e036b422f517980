package org.steward.governance.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a gate applies to models of a risk tier, and its bound there.
 *
 * @param threshold the bound for gates with one (a Gini, a PSI, a ratio); null for yes/no gates
 */
public record GateConfig(int riskTier, Gate gate, boolean enabled, Double threshold) {

    /** What is wrong with this entry, each problem naming it, so all can be fixed at once. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String at = "tier " + riskTier + " " + (gate == null ? "?" : gate.code());
        if (riskTier < 1 || riskTier > 3) {
            problems.add(at + ": riskTier must be 1, 2 or 3");
        }
        if (gate == null || !gate.configurable()) {
            problems.add(at + ": gate must be one of " + Gate.configurableCodes());
            return problems;
        }
        if (gate.hasThreshold() && threshold == null) {
            problems.add(at + ": needs a threshold (" + gate.description() + ")");
        } else if (!gate.hasThreshold() && threshold != null) {
            problems.add(at + ": is a yes/no check and takes no threshold");
        } else if (threshold != null && !(threshold >= 0 && (gate == Gate.PSI_DEV_VS_OOT || threshold <= 1))) {
            problems.add(at + ": threshold " + threshold + " is out of range ("
                    + (gate == Gate.PSI_DEV_VS_OOT ? "0 or more" : "between 0 and 1") + ")");
        }
        return problems;
    }
}
