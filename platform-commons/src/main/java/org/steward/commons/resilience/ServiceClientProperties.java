package org.steward.commons.resilience;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the other services are and how patiently to call them: {@code steward.clients.<name>.base-url} plus
 * defaults that every client shares unless it overrides them.
 */
@ConfigurationProperties("steward.clients")
public record ServiceClientProperties(Map<String, Client> services, Duration connectTimeout, Duration readTimeout,
                                      int maxAttempts, Duration initialBackoff, float failureRateThreshold,
                                      Duration openStateWait) {

    public ServiceClientProperties {
        services = services == null ? new LinkedHashMap<>() : services;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(5) : readTimeout;
        maxAttempts = maxAttempts <= 0 ? 3 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        failureRateThreshold = failureRateThreshold <= 0 ? 50f : failureRateThreshold;
        openStateWait = openStateWait == null ? Duration.ofSeconds(30) : openStateWait;
    }

    /** One remote service. */
    public record Client(String baseUrl) {
    }
}
