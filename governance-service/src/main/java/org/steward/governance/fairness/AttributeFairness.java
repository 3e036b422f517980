package org.steward.governance.fairness;

import java.util.List;

/**
 * Fairness for one protected attribute: every group, compared with the reference group, and fairlearn's
 * between-groups aggregates. NaN where no group defines the rate.
 *
 * @param referenceGroup                the most-favoured group every per-group comparison is made against
 * @param groups                        in group order (age bands by age, others by name)
 * @param demographicParityDifference   max − min selection rate (fairlearn {@code demographic_parity_difference})
 * @param demographicParityRatio        min / max selection rate (fairlearn {@code demographic_parity_ratio}); the
 *                                      smallest disparate impact, which the policy gate checks
 * @param equalOpportunityDifference    max − min true-positive rate (fairlearn {@code equal_opportunity_difference})
 * @param equalOpportunityRatio         min / max true-positive rate (fairlearn {@code equal_opportunity_ratio})
 * @param equalizedOddsDifference       the larger of the true- and false-positive rate differences (fairlearn
 *                                      {@code equalized_odds_difference})
 * @param equalizedOddsRatio            the smaller of their ratios (fairlearn {@code equalized_odds_ratio})
 * @param baseRateDifference            max − min base rate: demographic parity of the labels
 * @param baseRateRatio                 min / max base rate
 */
public record AttributeFairness(String attribute, String referenceGroup, List<GroupMetrics> groups,
                                double demographicParityDifference, double demographicParityRatio,
                                double equalOpportunityDifference, double equalOpportunityRatio,
                                double equalizedOddsDifference, double equalizedOddsRatio,
                                double baseRateDifference, double baseRateRatio) {

    public AttributeFairness {
        groups = List.copyOf(groups);
    }

    /** The smallest disparate impact of any group; below 0.8 fails the four-fifths rule. */
    public double minimumDisparateImpact() {
        return demographicParityRatio;
    }

    /** The groups whose disparate impact is below the four-fifths rule. */
    public List<String> flaggedGroups() {
        return groups.stream().filter(GroupMetrics::flagged).map(GroupMetrics::group).toList();
    }
}
