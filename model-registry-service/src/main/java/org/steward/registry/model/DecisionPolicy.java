package org.steward.registry.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a score becomes a decision: ascending cut-offs on the model's probability of the bad outcome (default, fraud,
 * suspicious activity). A probability {@code p} gets the decision of the first cut-off with {@code p <= upTo}; the
 * last cut-off is 1, so every probability gets one. Decisions may only get stricter as the probability rises.
 *
 * <pre>{"cutOffs": [{"upTo": 0.08, "decision": "approve"}, {"upTo": 0.2, "decision": "refer"},
 *              {"upTo": 1, "decision": "decline"}]}</pre>
 */
public record DecisionPolicy(List<CutOff> cutOffs) {

    /** Probabilities above the previous cut-off and at most {@code upTo} get {@code decision}. */
    public record CutOff(Double upTo, Decision decision) {
    }

    public DecisionPolicy {
        cutOffs = cutOffs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(cutOffs));
    }

    /** Every rule the policy breaks, each naming the offending cut-off. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (cutOffs.isEmpty()) {
            problems.add("cutOffs needs at least one cut-off, the last with upTo 1");
            return problems;
        }
        CutOff previous = null;
        for (int i = 0; i < cutOffs.size(); i++) {
            CutOff cutOff = cutOffs.get(i);
            String at = "cutOffs[" + i + "]";
            if (cutOff == null || cutOff.upTo() == null || cutOff.decision() == null) {
                problems.add(at + " needs an upTo (a probability) and a decision (approve, refer or decline)");
                previous = null;
                continue;
            }
            if (!(cutOff.upTo() >= 0 && cutOff.upTo() <= 1)) {
                problems.add(at + ".upTo must be a probability within [0, 1], not " + cutOff.upTo());
            }
            if (previous != null && cutOff.upTo() <= previous.upTo()) {
                problems.add(at + ".upTo (" + cutOff.upTo() + ") must be greater than cutOffs[" + (i - 1) + "].upTo ("
                        + previous.upTo() + "): cut-offs ascend");
            }
            if (previous != null && cutOff.decision().compareTo(previous.decision()) < 0) {
                problems.add(at + " gives '" + cutOff.decision().code() + "' to riskier applicants than cutOffs[" + (i - 1)
                        + "], which gives '" + previous.decision().code() + "': decisions may only get stricter as the "
                        + "probability of the bad outcome rises");
            }
            previous = cutOff;
        }
        CutOff last = cutOffs.getLast();
        if (last != null && last.upTo() != null && last.upTo() != 1.0) {
            problems.add("the last cut-off must have upTo 1 so that every probability gets a decision, not " + last.upTo());
        }
        return problems;
    }

    /** The decision for {@code probabilityOfBad}; the policy must have no {@link #problems()}. */
    public Decision decide(double probabilityOfBad) {
        if (!(probabilityOfBad >= 0 && probabilityOfBad <= 1)) {
            throw new IllegalArgumentException("a probability lies within [0, 1], not " + probabilityOfBad);
        }
        return cutOffs.stream().filter(c -> probabilityOfBad <= c.upTo()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the policy does not cover " + probabilityOfBad))
                .decision();
    }
}
