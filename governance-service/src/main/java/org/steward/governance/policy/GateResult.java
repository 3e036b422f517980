package org.steward.governance.policy;

/**
 * One gate's verdict on one version.
 *
 * @param attribute the protected attribute, for {@link Gate#DISPARATE_IMPACT}; null otherwise
 * @param value     what was measured; null for yes/no checks and when the evidence lacked it
 * @param threshold the tier's bound; null for yes/no checks
 * @param message   one sentence a validator can act on
 */
public record GateResult(Gate gate, String attribute, boolean passed, Double value, Double threshold, String message) {
}
