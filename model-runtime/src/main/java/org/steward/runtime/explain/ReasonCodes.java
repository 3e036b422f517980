package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Adverse-action reason codes from an explanation: the features that pushed the margin towards decline the most —
 * positive contributions, largest first, ties by feature name — mapped through the model's reason-code table.
 *
 * <p>A protected attribute is never a reason, whatever its contribution, and neither is any feature the model card
 * marks as derived from one (an age band, say): telling an applicant they were declined for their age is the
 * discrimination the notice exists to rule out. Names are compared ignoring case, so {@code Age} cannot slip past
 * {@code age}. At most {@value #MAX_REASONS} reasons are given, the number regulation B and the FCRA expect
 * ("more than four is not likely to be helpful").
 */
public final class ReasonCodes {

    public static final int MAX_REASONS = 4;

    private ReasonCodes() {
    }

    /** Up to four reasons, none of them a protected attribute. */
    public static List<ReasonCode> of(Explanation explanation, Map<String, String> reasonCodeTable,
                                      Set<String> protectedAttributes) {
        return of(explanation, reasonCodeTable, protectedAttributes, Set.of(), MAX_REASONS);
    }

    /** Up to {@code max} (1 to 4) reasons, none of them a protected attribute. */
    public static List<ReasonCode> of(Explanation explanation, Map<String, String> reasonCodeTable,
                                      Set<String> protectedAttributes, int max) {
        return of(explanation, reasonCodeTable, protectedAttributes, Set.of(), max);
    }

    /**
     * Up to {@code max} (1 to 4) reasons, none of them a protected attribute nor a feature derived from one.
     *
     * @param derivedFromProtected features the model card marks as derived from a protected attribute
     */
    public static List<ReasonCode> of(Explanation explanation, Map<String, String> reasonCodeTable,
                                      Set<String> protectedAttributes, Set<String> derivedFromProtected, int max) {
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(reasonCodeTable, "reasonCodeTable");
        if (max < 1 || max > MAX_REASONS) {
            throw new IllegalArgumentException("between 1 and " + MAX_REASONS + " reasons, not " + max);
        }
        Set<String> excluded = new HashSet<>();
        for (Set<String> names : List.of(protectedAttributes, derivedFromProtected)) {
            names.forEach(name -> excluded.add(name.toLowerCase(Locale.ROOT)));
        }
        var reasons = new ArrayList<ReasonCode>();
        explanation.contributions().forEach((feature, contribution) -> {
            if (contribution > 0 && !excluded.contains(feature.toLowerCase(Locale.ROOT))) {
                String code = reasonCodeTable.get(feature);
                reasons.add(new ReasonCode(feature, code == null ? feature : code, contribution, code != null));
            }
        });
        reasons.sort(Comparator.comparingDouble(ReasonCode::contribution).reversed()
                .thenComparing(ReasonCode::feature));
        return List.copyOf(reasons.subList(0, Math.min(max, reasons.size())));
    }
}
