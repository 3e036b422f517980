package org.steward.runtime.explain;

import java.util.Objects;

/**
 * One adverse-action reason: a feature that pushed the applicant towards decline, and what to tell them about it.
 *
 * @param feature      the model input
 * @param code         the reason from the model's reason-code table, or the feature's name when the table has no
 *                     entry for it
 * @param contribution how far the feature moved the margin towards decline (positive)
 * @param inTable      false when the table had no entry and {@code code} is only the feature's name: a gap in the
 *                     model card to fix before such a notice goes out
 */
public record ReasonCode(String feature, String code, double contribution, boolean inTable) {

    public ReasonCode {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(code, "code");
        if (!(contribution > 0)) {
            throw new IllegalArgumentException("a reason must have pushed towards decline, not " + contribution);
        }
    }
}
