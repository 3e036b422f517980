package org.steward.runtime.explain;

import java.util.Map;

import org.steward.runtime.Scorecard;

/**
 * A scorecard explains itself: its margin is {@code intercept + Σ coefficient · woe}, so each term is the attribute's
 * exact contribution and the intercept the base value — the same split a credit officer reads as points.
 */
final class ScorecardExplainer implements Explainer {

    private final Scorecard card;

    ScorecardExplainer(Scorecard card) {
        this.card = card;
    }

    @Override
    public Explanation explain(Map<String, ?> row) {
        return new Explanation(card.intercept(), card.contributions(row), card.score(row).margin(),
                Explanation.Method.SCORECARD_POINTS, card.points(row));
    }

    @Override
    public Explanation.Method method() {
        return Explanation.Method.SCORECARD_POINTS;
    }
}
