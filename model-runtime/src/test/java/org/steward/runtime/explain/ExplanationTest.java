package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExplanationTest {

    @Test
    void additivityErrorIsTheDistanceFromTheMarginAndOrderIsKept() {
        var contributions = new LinkedHashMap<String, Double>();
        contributions.put("z", 0.5);
        contributions.put("a", -0.25);
        var explanation = new Explanation(1.0, contributions, 1.3, Explanation.Method.KERNEL_SHAP);

        assertThat(explanation.additivityError()).isCloseTo(0.05, within(1e-15));
        assertThat(explanation.contributions().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> explanation.contributions().put("b", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nonFiniteNumbersAndPointsOutsideScorecardsAreRefused() {
        assertThatThrownBy(() -> new Explanation(0, Map.of("a", Double.NaN), 0, Explanation.Method.TREE_SHAP))
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> new Explanation(0, Map.of(), Double.POSITIVE_INFINITY, Explanation.Method.TREE_SHAP))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Explanation(0, Map.of(), 0, Explanation.Method.SCORECARD_POINTS))
                .hasMessageContaining("points");
    }

    @Test
    void globalImportanceIsTheMeanAbsoluteContributionMostImportantFirst() {
        List<Explanation> explanations = List.of(
                new Explanation(0, Map.of("a", 1.0, "b", -2.0, "c", 0.5), -0.5, Explanation.Method.TREE_SHAP),
                new Explanation(0, Map.of("a", -3.0, "b", 0.0, "c", 1.5), -1.5, Explanation.Method.TREE_SHAP));

        Map<String, Double> importance = Explainers.globalImportance(explanations);

        assertThat(importance).containsExactly(Map.entry("a", 2.0), Map.entry("b", 1.0), Map.entry("c", 1.0));
    }
}
