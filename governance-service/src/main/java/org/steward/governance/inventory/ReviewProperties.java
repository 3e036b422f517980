package org.steward.governance.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Period;
import java.util.HashMap;
import java.util.Map;

/**
 * How long after its last validation a model must be reviewed again, by risk tier: the bank's model-risk policy.
 * Tier 1 yearly, tier 2 every two years and tier 3 every three unless configured otherwise.
 *
 * @param periods risk tier → ISO-8601 period, e.g. {@code steward.governance.review.periods.1=P6M}
 */
@ConfigurationProperties("steward.governance.review")
public record ReviewProperties(Map<Integer, Period> periods) {

    private static final Map<Integer, Period> DEFAULTS = Map.of(1, Period.ofYears(1), 2, Period.ofYears(2), 3, Period.ofYears(3));

    public ReviewProperties {
        Map<Integer, Period> merged = new HashMap<>(DEFAULTS);
        if (periods != null) {
            merged.putAll(periods);
        }
        periods = Map.copyOf(merged);
    }

    public Period period(int riskTier) {
        return periods.get(riskTier);
    }
}
