package org.steward.governance.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxExceptionDays the longest a policy exception may run; a bank's model-risk policy caps how long a
 *                         model may live with a known breach before it is looked at again
 */
@ConfigurationProperties("steward.governance.policy")
public record PolicyProperties(int maxExceptionDays) {

    public PolicyProperties {
        maxExceptionDays = maxExceptionDays <= 0 ? 365 : maxExceptionDays;
    }
}
