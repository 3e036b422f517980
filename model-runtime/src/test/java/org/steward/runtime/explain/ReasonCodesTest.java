package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class ReasonCodesTest {

    private static final Explanation EXAMPLE = new Explanation(-1.0, linked(
            "duration_in_month", 0.40,
            "age_in_years", 0.90,
            "credit_amount", 0.25,
            "age_band", 0.70,
            "savings", 0.25,
            "purpose", 0.10,
            "employment", 0.05,
            "housing", -0.30,
            "telephone", 0.0), 1.35, Explanation.Method.TREE_SHAP);

    private static final Map<String, String> TABLE = Map.of(
            "duration_in_month", "R01 duration of the loan",
            "credit_amount", "R02 amount of credit",
            "savings", "R03 savings",
            "age_in_years", "R98 age",
            "age_band", "R99 age band",
            "housing", "R04 housing");

    @Test
    void theFourLargestPushesTowardsDeclineInOrderMappedThroughTheTable() {
        List<ReasonCode> reasons = ReasonCodes.of(EXAMPLE, TABLE, Set.of("age_in_years"), Set.of("age_band"), 4);

        assertThat(reasons).containsExactly(
                new ReasonCode("duration_in_month", "R01 duration of the loan", 0.40, true),
                // a tie: by feature name
                new ReasonCode("credit_amount", "R02 amount of credit", 0.25, true),
                new ReasonCode("savings", "R03 savings", 0.25, true),
                // not in the table: its name, and the flag says so
                new ReasonCode("purpose", "purpose", 0.10, false));
    }

    @Test
    void fewerWhenFewerPushedTowardsDeclineAndNeverANeutralOrFavourableOne() {
        var explanation = new Explanation(0, linked("a", 0.2, "b", 0.0, "c", -0.5, "age", 3.0), 2.7,
                Explanation.Method.KERNEL_SHAP);

        assertThat(ReasonCodes.of(explanation, Map.of(), Set.of("AGE"))).extracting(ReasonCode::feature)
                .containsExactly("a");
        assertThat(ReasonCodes.of(EXAMPLE, TABLE, Set.of("age_in_years"), 2)).extracting(ReasonCode::feature)
                .containsExactly("age_band", "duration_in_month");
        assertThatThrownBy(() -> ReasonCodes.of(EXAMPLE, TABLE, Set.of(), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReasonCodes.of(EXAMPLE, TABLE, Set.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Random explanations, tables and protected sets (in any letter case): the rules hold on every one. */
    @RepeatedTest(300)
    void neverAProtectedAttributeAtMostMaxOnlyPositiveLargestFirst(RepetitionInfo repetition) {
        var random = new Random(repetition.getCurrentRepetition());
        int features = 1 + random.nextInt(25);
        var names = new ArrayList<String>();
        var contributions = new LinkedHashMap<String, Double>();
        for (int i = 0; i < features; i++) {
            String name = "f" + random.nextInt(40);
            if (contributions.containsKey(name)) {
                continue;
            }
            names.add(name);
            // ties on purpose: contributions on a coarse grid
            contributions.put(name, random.nextInt(3) == 0 ? 0.0 : (random.nextInt(21) - 10) / 4.0);
        }
        var table = new HashMap<String, String>();
        names.stream().filter(n -> random.nextBoolean()).forEach(n -> table.put(n, "code " + n));
        Set<String> protectedAttributes = new HashSet<>();
        Set<String> derived = new HashSet<>();
        for (String name : names) {
            int draw = random.nextInt(5);
            String spelled = random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name;
            if (draw == 0) {
                protectedAttributes.add(spelled);
            } else if (draw == 1) {
                derived.add(spelled);
            }
        }
        int max = 1 + random.nextInt(4);
        var explanation = new Explanation(0, contributions,
                contributions.values().stream().mapToDouble(Double::doubleValue).sum(), Explanation.Method.TREE_SHAP);

        List<ReasonCode> reasons = ReasonCodes.of(explanation, table, protectedAttributes, derived, max);

        var excluded = new HashSet<String>();
        protectedAttributes.forEach(n -> excluded.add(n.toLowerCase(Locale.ROOT)));
        derived.forEach(n -> excluded.add(n.toLowerCase(Locale.ROOT)));
        assertThat(reasons).hasSizeLessThanOrEqualTo(max);
        var eligible = names.stream().filter(n -> contributions.get(n) > 0 && !excluded.contains(n)).toList();
        assertThat(reasons).hasSize(Math.min(max, eligible.size()));
        for (int i = 0; i < reasons.size(); i++) {
            ReasonCode reason = reasons.get(i);
            assertThat(excluded).doesNotContain(reason.feature().toLowerCase(Locale.ROOT));
            assertThat(reason.contribution()).isPositive().isEqualTo(contributions.get(reason.feature()));
            assertThat(reason.code()).isEqualTo(table.getOrDefault(reason.feature(), reason.feature()));
            assertThat(reason.inTable()).isEqualTo(table.containsKey(reason.feature()));
            if (i > 0) {
                ReasonCode previous = reasons.get(i - 1);
                assertThat(previous.contribution()).isGreaterThanOrEqualTo(reason.contribution());
                if (previous.contribution() == reason.contribution()) {
                    assertThat(previous.feature()).isLessThan(reason.feature());
                }
            }
        }
        // nothing left out that should have come before the last reason given
        if (!reasons.isEmpty()) {
            double last = reasons.getLast().contribution();
            long stronger = eligible.stream().filter(n -> contributions.get(n) > last).count();
            assertThat(stronger).isLessThan(reasons.size());
        }
    }

    private static Map<String, Double> linked(Object... pairs) {
        var map = new LinkedHashMap<String, Double>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return map;
    }
}
