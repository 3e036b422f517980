package org.steward.runtime;

/**
 * The answer of a binary model for one row.
 *
 * @param probability the probability of the positive class: bad, default, fraud, whatever the model was trained to
 *                    find
 * @param margin      the raw margin, i.e. the log-odds of the positive class, {@code probability = 1 / (1 + e^-margin)};
 *                    SHAP contributions plus their base value add up to it
 */
public record Score(double probability, double margin) {

    /** The score whose margin is {@code margin}, with the probability computed from it in double precision. */
    static Score ofMargin(double margin) {
        return new Score(1.0 / (1.0 + Math.exp(-margin)), margin);
    }
}
