package org.steward.governance.fairness;

import java.util.Objects;

/**
 * One applicant as fairness sees them.
 *
 * @param group    the applicant's group of the protected attribute (an age band, a category)
 * @param selected whether the decision was the favourable one, {@code approve}
 * @param good     whether the actual outcome was good (no default): the positive label
 */
public record Outcome(String group, boolean selected, boolean good) {

    public Outcome {
        Objects.requireNonNull(group, "group");
    }
}
