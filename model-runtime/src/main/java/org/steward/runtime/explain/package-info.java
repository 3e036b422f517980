/**
 * Explanations of model scores and adverse-action reason codes, in the runtime so that serving, replay and the
 * validation report compute them with the same code.
 *
 * <pre>{@code
 * Explainer explainer = Explainers.explainer(model, developmentSample);  // method chosen by model kind
 * Explanation why = explainer.explain(applicant);                       // base + Σ contributions = margin
 * List<ReasonCode> reasons = ReasonCodes.of(why, reasonCodeTable, protectedAttributes);  // at most four
 * Map<String, Double> importance = Explainers.globalImportance(explainer.explain(validationRows));
 * }</pre>
 *
 * All explanations are on the margin (log-odds) scale, where contributions add up; see {@link
 * org.steward.runtime.explain.Explainers} for which method explains which model, and {@code EXPLANATIONS.md} in the
 * module for the algorithms, their sources and the precision they are tested to.
 */
package org.steward.runtime.explain;
