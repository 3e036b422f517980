package org.steward.registry.reproduction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many reproductions the registry runs at once ({@code steward.registry.reproduction.*}). A rerun trains a model
 * on the registry's CPUs, so they are bounded: {@code concurrency} run, {@code queueCapacity} wait, more are refused
 * with 503 until one finishes.
 */
@ConfigurationProperties("steward.registry.reproduction")
public record ReproductionProperties(@DefaultValue("1") int concurrency, @DefaultValue("8") int queueCapacity) {

    public ReproductionProperties {
        if (concurrency < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("steward.registry.reproduction: concurrency must be at least 1 and "
                    + "queue-capacity at least 0");
        }
    }
}
