package org.steward.governance.evidence;

import java.util.List;
import java.util.Locale;

/**
 * The model card's decision policy as the registry states it: ascending cut-offs on the probability of bad, a
 * probability getting the decision of the first cut-off with {@code p <= upTo}; the last is 1. The registry has
 * already checked the policy; this only applies it.
 */
public record DecisionPolicy(List<CutOff> cutOffs) {

    /** What a policy answers; only {@link #APPROVE} is the favourable decision fairness counts as selected. */
    public enum Decision {
        APPROVE, REFER, DECLINE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Decision fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public record CutOff(double upTo, Decision decision) {
    }

    public DecisionPolicy {
        cutOffs = List.copyOf(cutOffs);
        if (cutOffs.isEmpty() || cutOffs.getLast().upTo() != 1.0) {
            throw new IllegalArgumentException("a decision policy ends with a cut-off at 1, so that every probability"
                    + " gets a decision");
        }
    }

    public Decision decide(double probabilityOfBad) {
        for (CutOff cutOff : cutOffs) {
            if (probabilityOfBad <= cutOff.upTo()) {
                return cutOff.decision();
            }
        }
        throw new IllegalArgumentException("a probability lies within [0, 1], not " + probabilityOfBad);
    }
}
