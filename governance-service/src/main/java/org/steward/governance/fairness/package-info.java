/**
 * Fairness of a model's decisions per protected attribute, with the definitions of fairlearn and AIF360 so that a
 * validator can reproduce every number with either library.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Selected</b> means the favourable decision, {@code approve}. {@code refer} and {@code decline} are not
 *       selected: a referral is not a yes. The selection rate is fairlearn's {@code selection_rate} with
 *       {@code y_pred = 1} for approve.</li>
 *   <li><b>Positive label</b> is the good outcome (the customer did not default), which is the favourable label of
 *       AIF360 and {@code pos_label = 1} for fairlearn with {@code y_true = 1} for good. So the true-positive rate
 *       is the share of good customers that were approved (equal opportunity), the false-positive rate the share of
 *       bad customers that were approved, and the false-negative rate the share of good customers refused.</li>
 *   <li><b>Reference group</b> (AIF360's privileged group) is the most-favoured group: the highest selection rate
 *       of the model's decisions, ties broken by the larger group and then by group order. Every per-group
 *       comparison is "group minus reference" or "group over reference", as AIF360's
 *       {@code statistical_parity_difference}, {@code disparate_impact}, {@code equal_opportunity_difference} and
 *       {@code average_odds_difference} compute them with the group as unprivileged. The same reference is used
 *       for the label comparisons, so the two rows of a group read side by side.</li>
 *   <li><b>Aggregates</b> are fairlearn's between-groups forms: {@code demographic_parity_difference} (max − min
 *       selection rate) and {@code _ratio} (min / max), {@code equal_opportunity_difference} and {@code _ratio} on
 *       the true-positive rate, {@code equalized_odds_difference} and {@code _ratio} (worst of the true- and
 *       false-positive rates). Since the reference has the highest selection rate, the smallest per-group
 *       disparate impact equals the demographic-parity ratio.</li>
 *   <li><b>Labels</b>: the same selection-rate forms over the actual outcomes (the base rate of good outcomes), so
 *       that a gap already present in the data is told apart from one the model adds.</li>
 *   <li><b>Undefined rates</b> (a group with no good, or no bad, outcomes) are NaN and are left out of the
 *       aggregates; fairlearn reports 0 there (scikit-learn's normalised confusion matrix), which would hide the gap.</li>
 *   <li>A group whose disparate impact is below {@value org.steward.governance.fairness.FairnessAnalysis#FOUR_FIFTHS}
 *       (the four-fifths rule) is flagged.</li>
 * </ul>
 */
package org.steward.governance.fairness;
