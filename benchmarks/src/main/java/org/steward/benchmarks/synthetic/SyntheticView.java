package org.steward.benchmarks.synthetic;

import java.time.Duration;
import java.util.List;

/**
 * One feature view of the synthetic bank.
 *
 * @param ttl            how long a row stays valid after its event time; {@link Duration#ZERO} for ever
 * @param share          this view's share of all feature rows
 * @param correctionRate the share of its rows that a later batch corrects: same customer and event time, new
 *                       values, a later created time, so the correction wins the tie
 */
public record SyntheticView(String name, String description, Duration ttl, double share, double correctionRate,
                            List<SyntheticFeature> features) {

    public SyntheticView {
        features = List.copyOf(features);
    }
}
