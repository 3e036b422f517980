package org.steward.runtime.explain;

import java.util.List;
import java.util.Map;

/**
 * Explains a model's scores; obtained from {@link Explainers#explainer}. Rows follow the rules of
 * {@link org.steward.runtime.ScoringModel}. Thread-safe, like the model it explains, and deterministic: the same row
 * always gets the same explanation, which decision replay relies on.
 */
public interface Explainer {

    Explanation explain(Map<String, ?> row);

    /** Explains each row, in order. */
    default List<Explanation> explain(List<? extends Map<String, ?>> rows) {
        return rows.stream().map(row -> explain((Map<String, ?>) row)).toList();
    }

    Explanation.Method method();
}
