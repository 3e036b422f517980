package org.steward.commons.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Platform settings shared by every service.
 *
 * @param rolesClaim             the token claim holding the platform roles (a bank's issuer may use another name)
 * @param outboxBatchSize        events the relay sends per round trip to Kafka
 * @param outboxPoll             how often the relay looks at the outbox when no commit woke it
 * @param kafkaReplicationFactor replication of the topics this service creates
 * @param verifiedTokenMaxAge    how long a verified bearer token is trusted without checking its signature again
 *                               (never beyond its expiry); zero checks every request
 * @param instanceLease          how long an instance may go without a beat before its background work counts as
 *                               abandoned and other instances fail it
 */
@ConfigurationProperties("steward")
public record StewardProperties(String rolesClaim, int outboxBatchSize, Duration outboxPoll, short kafkaReplicationFactor,
                                Duration verifiedTokenMaxAge, Duration instanceLease) {

    public StewardProperties {
        rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
        outboxBatchSize = outboxBatchSize <= 0 ? 500 : outboxBatchSize;
        outboxPoll = outboxPoll == null ? Duration.ofMillis(500) : outboxPoll;
        kafkaReplicationFactor = kafkaReplicationFactor <= 0 ? 1 : kafkaReplicationFactor;
        verifiedTokenMaxAge = verifiedTokenMaxAge == null ? Duration.ofSeconds(60) : verifiedTokenMaxAge;
        instanceLease = instanceLease == null ? Duration.ofSeconds(30) : instanceLease;
        if (verifiedTokenMaxAge.isNegative()) {
            throw new IllegalArgumentException("steward.verified-token-max-age must be zero (no cache) or positive, was "
                    + verifiedTokenMaxAge);
        }
    }
}
