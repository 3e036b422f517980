package org.steward.governance.fairness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Small populations whose every number was worked out by hand. */
class FairnessAnalysisTest {

    private static final double EXACT = 1e-15;

    private static Outcome o(String group, int selected, int good) {
        return new Outcome(group, selected == 1, good == 1);
    }

    @Test
    void computesEveryRateAndComparisonAgainstTheMostFavouredGroup() {
        // A: 3 of 4 approved; goods 3 (2 approved), bads 1 (1 approved).
        // B: 1 of 4 approved; goods 2 (1 approved), bads 2 (none approved).
        var outcomes = List.of(o("B", 1, 1), o("A", 1, 1), o("A", 1, 1), o("B", 0, 1), o("A", 0, 1), o("B", 0, 0),
                o("A", 1, 0), o("B", 0, 0));

        AttributeFairness fairness = FairnessAnalysis.analyse("segment", outcomes);

        assertThat(fairness.referenceGroup()).isEqualTo("A");
        assertThat(fairness.groups()).extracting(GroupMetrics::group).containsExactly("A", "B");
        GroupMetrics a = fairness.groups().get(0);
        assertThat(a.count()).isEqualTo(4);
        assertThat(a.goods()).isEqualTo(3);
        assertThat(a.bads()).isEqualTo(1);
        assertThat(a.selectionRate()).isEqualTo(0.75);
        assertThat(a.truePositiveRate()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(a.falsePositiveRate()).isEqualTo(1.0);
        assertThat(a.falseNegativeRate()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(a.baseRate()).isEqualTo(0.75);
        assertThat(a.disparateImpact()).isEqualTo(1.0);
        assertThat(a.statisticalParityDifference()).isZero();
        assertThat(a.equalOpportunityDifference()).isZero();
        assertThat(a.averageOddsDifference()).isZero();
        assertThat(a.flagged()).isFalse();

        GroupMetrics b = fairness.groups().get(1);
        assertThat(b.selectionRate()).isEqualTo(0.25);
        assertThat(b.truePositiveRate()).isEqualTo(0.5);
        assertThat(b.falsePositiveRate()).isZero();
        assertThat(b.falseNegativeRate()).isEqualTo(0.5);
        assertThat(b.disparateImpact()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(b.statisticalParityDifference()).isEqualTo(-0.5);
        assertThat(b.equalOpportunityDifference()).isCloseTo(-1.0 / 6, within(EXACT));
        assertThat(b.averageOddsDifference()).isCloseTo(((0 - 1) + (0.5 - 2.0 / 3)) / 2, within(EXACT));
        assertThat(b.baseRate()).isEqualTo(0.5);
        assertThat(b.baseRateRatio()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(b.baseRateDifference()).isEqualTo(-0.25);
        assertThat(b.flagged()).isTrue();

        assertThat(fairness.demographicParityDifference()).isEqualTo(0.5);
        assertThat(fairness.demographicParityRatio()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(fairness.minimumDisparateImpact()).isEqualTo(b.disparateImpact());
        assertThat(fairness.equalOpportunityDifference()).isCloseTo(1.0 / 6, within(EXACT));
        assertThat(fairness.equalOpportunityRatio()).isCloseTo(0.75, within(EXACT));
        assertThat(fairness.equalizedOddsDifference()).as("max(TPR gap 1/6, FPR gap 1)").isEqualTo(1.0);
        assertThat(fairness.equalizedOddsRatio()).as("min(TPR ratio 3/4, FPR ratio 0/1)").isZero();
        assertThat(fairness.baseRateDifference()).isEqualTo(0.25);
        assertThat(fairness.baseRateRatio()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(fairness.flaggedGroups()).containsExactly("B");
    }

    @Test
    void aTieForTheHighestSelectionRateGoesToTheLargerGroupThenToTheEarlierOne() {
        var outcomes = new ArrayList<Outcome>();
        outcomes.addAll(List.of(o("x", 1, 1), o("x", 0, 0)));
        outcomes.addAll(List.of(o("y", 1, 1), o("y", 0, 1), o("y", 1, 0), o("y", 0, 0)));
        assertThat(FairnessAnalysis.analyse("a", outcomes).referenceGroup()).isEqualTo("y");

        var equalSize = List.of(o("q", 1, 1), o("p", 1, 0));
        assertThat(FairnessAnalysis.analyse("a", equalSize).referenceGroup()).isEqualTo("p");
    }

    @Test
    void aRateWithNothingToDivideByIsNaNAndLeftOutOfTheAggregates() {
        // "all-good" has no bad outcomes, so no false-positive rate.
        var outcomes = List.of(o("all-good", 1, 1), o("all-good", 0, 1), o("mixed", 1, 1), o("mixed", 1, 0),
                o("mixed", 0, 0), o("mixed", 0, 1));

        AttributeFairness fairness = FairnessAnalysis.analyse("a", outcomes);

        GroupMetrics allGood = fairness.groups().getFirst();
        assertThat(allGood.falsePositiveRate()).isNaN();
        assertThat(allGood.averageOddsDifference()).isNaN();
        assertThat(fairness.equalizedOddsDifference()).as("only the TPR gap is defined: 1/2 vs 1/2").isZero();
        assertThat(fairness.equalizedOddsRatio()).isEqualTo(1.0);
    }

    @Test
    void nobodyApprovedAnywhereLeavesTheRatiosUndefinedAndFlagsNoOne() {
        AttributeFairness fairness = FairnessAnalysis.analyse("a", List.of(o("m", 0, 1), o("n", 0, 0)));

        assertThat(fairness.demographicParityRatio()).isNaN();
        assertThat(fairness.demographicParityDifference()).isZero();
        assertThat(fairness.flaggedGroups()).isEmpty();
    }

    @Test
    void ageBandsAreOrderedByAgeAndOtherGroupsByName() {
        var outcomes = List.of(o("60+", 1, 1), o("<25", 1, 1), o("35-44", 1, 1), o(AgeBands.MISSING, 1, 1),
                o("25-34", 1, 1), o("45-59", 1, 1));

        assertThat(FairnessAnalysis.analyse("age", outcomes).groups()).extracting(GroupMetrics::group)
                .containsExactly("<25", "25-34", "35-44", "45-59", "60+", AgeBands.MISSING);
    }

    @Test
    void noOutcomesIsRefused() {
        assertThatThrownBy(() -> FairnessAnalysis.analyse("age", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("age");
    }
}
