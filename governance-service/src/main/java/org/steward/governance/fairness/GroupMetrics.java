package org.steward.governance.fairness;

/**
 * One group's rates and its comparison with the reference group; see the package documentation for definitions.
 * A rate with nothing to divide by is NaN.
 *
 * @param count                       applicants in the group
 * @param goods                       of them with a good outcome (positive label)
 * @param selectionRate               share approved (fairlearn {@code selection_rate})
 * @param truePositiveRate            share of goods approved (fairlearn {@code true_positive_rate})
 * @param falsePositiveRate           share of bads approved (fairlearn {@code false_positive_rate})
 * @param falseNegativeRate           share of goods not approved (fairlearn {@code false_negative_rate})
 * @param disparateImpact             selection rate over the reference's (AIF360 {@code disparate_impact})
 * @param statisticalParityDifference selection rate minus the reference's (AIF360
 *                                    {@code statistical_parity_difference})
 * @param equalOpportunityDifference  true-positive rate minus the reference's (AIF360
 *                                    {@code equal_opportunity_difference})
 * @param averageOddsDifference       the mean of the false- and true-positive rate differences with the reference
 *                                    (AIF360 {@code average_odds_difference})
 * @param baseRate                    share with a good outcome: the selection rate of the labels
 * @param baseRateRatio               base rate over the reference's: the disparate impact already in the labels
 * @param baseRateDifference          base rate minus the reference's: the statistical parity difference of the labels
 * @param flagged                     disparate impact below the four-fifths rule
 */
public record GroupMetrics(String group, long count, long goods, double selectionRate, double truePositiveRate,
                           double falsePositiveRate, double falseNegativeRate, double disparateImpact,
                           double statisticalParityDifference, double equalOpportunityDifference,
                           double averageOddsDifference, double baseRate, double baseRateRatio,
                           double baseRateDifference, boolean flagged) {

    /** Applicants with a bad outcome. */
    public long bads() {
        return count - goods;
    }
}
