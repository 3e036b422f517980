package org.steward.featurestore.expression;

import org.steward.commons.text.EditDistance;

import java.util.Collection;
import java.util.Locale;

/** Finds the name someone most likely meant when they mistyped one, for "did you mean" hints. */
final class Suggestion {

    private Suggestion() {
    }

    /**
     * The candidate closest to {@code name} in edit distance, if it is close enough to be a typo
     * (a third of the name's length, at least one edit); ties go to the alphabetically first.
     */
    static String closest(String name, Collection<String> candidates) {
        int budget = Math.max(1, name.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - name.length()) > budget) {
                continue;
            }
            int distance = EditDistance.between(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance <= budget && (distance < bestDistance
                    || (distance == bestDistance && candidate.compareTo(best) < 0))) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }
}
