package org.steward.governance.evidence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.runtime.ScoringModel;
import org.steward.runtime.explain.Explainer;
import org.steward.runtime.explain.Explainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Global importance from the runtime's own explainers — the code serving uses for reason codes — over the
 * development rows: each input's mean absolute contribution to the margin. At most {@value #MAX_ROWS} rows are
 * explained, evenly spaced, so that Kernel SHAP on a large snapshot stays within seconds; the development rows are
 * also the background sample the explainers that need one draw from.
 */
final class GlobalExplanations {

    static final int MAX_ROWS = 500;
    private static final Logger log = LoggerFactory.getLogger(GlobalExplanations.class);

    private GlobalExplanations() {
    }

    /** Empty when the runtime cannot explain the model; the report then says so and the gate sees no explanations. */
    static Optional<Evidence.Explanations> of(ScoringModel model, List<Map<String, Object>> development) {
        List<Map<String, Object>> rows = evenlySpaced(development);
        Explainer explainer;
        try {
            explainer = Explainers.explainer(model, rows);
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.warn("No explanations for the {} model {}: {}", model.format(), model.sha256(), e.getMessage());
            return Optional.empty();
        }
        List<Evidence.Explanations.Importance> importance = new ArrayList<>();
        Explainers.globalImportance(explainer.explain(rows))
                .forEach((feature, value) -> importance.add(new Evidence.Explanations.Importance(feature, value)));
        String method = explainer.method().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Optional.of(new Evidence.Explanations(method, rows.size(), importance));
    }

    private static List<Map<String, Object>> evenlySpaced(List<Map<String, Object>> rows) {
        if (rows.size() <= MAX_ROWS) {
            return rows;
        }
        List<Map<String, Object>> sample = new ArrayList<>(MAX_ROWS);
        for (int i = 0; i < MAX_ROWS; i++) {
            sample.add(rows.get((int) ((long) i * rows.size() / MAX_ROWS)));
        }
        return sample;
    }
}
