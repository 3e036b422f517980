package org.steward.runtime.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.steward.runtime.Scorecard;

/**
 * Why a model gave one row its score, on the margin (log-odds) scale: {@code baseValue + Σ contributions = margin},
 * the additivity that makes the contributions an account of the score rather than a story about it. A positive
 * contribution pushed the row towards the model's target class (bad, default, fraud), a negative one away from it.
 *
 * @param baseValue     the margin expected before knowing anything about the row: the cover-weighted mean of the
 *                      trees (path-dependent TreeSHAP), the background's mean margin (interventional TreeSHAP,
 *                      KernelSHAP), or the intercept (scorecard)
 * @param contributions each input's contribution, in the order of the model's input signature
 * @param margin        the model's raw margin for the row, computed on the path being explained
 * @param method        how the contributions were computed
 * @param points        for a scorecard, its points per attribute and total score; null for other models
 */
public record Explanation(double baseValue, Map<String, Double> contributions, double margin, Method method,
                          Scorecard.Points points) {

    public enum Method {
        /** Exact TreeSHAP over the trees of an XGBoost or ONNX tree ensemble. */
        TREE_SHAP,
        /** A scorecard's own terms: {@code coefficient · woe} per attribute, beside its points. */
        SCORECARD_POINTS,
        /** Kernel SHAP against a background sample, for any other model. */
        KERNEL_SHAP
    }

    public Explanation {
        Objects.requireNonNull(method, "method");
        var copy = new LinkedHashMap<String, Double>();
        contributions.forEach((feature, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("the contribution of '" + feature + "' is " + value);
            }
            copy.put(feature, value);
        });
        contributions = Collections.unmodifiableMap(copy);
        if (!Double.isFinite(baseValue) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("base value " + baseValue + " and margin " + margin + " must be finite");
        }
        if ((points != null) != (method == Method.SCORECARD_POINTS)) {
            throw new IllegalArgumentException("points come with scorecard explanations, and only with them");
        }
    }

    public Explanation(double baseValue, Map<String, Double> contributions, double margin, Method method) {
        this(baseValue, contributions, margin, method, null);
    }

    /** {@code |baseValue + Σ contributions - margin|}: how far the explanation is from adding up to the margin. */
    public double additivityError() {
        double sum = baseValue;
        for (double contribution : contributions.values()) {
            sum += contribution;
        }
        return Math.abs(sum - margin);
    }
}
