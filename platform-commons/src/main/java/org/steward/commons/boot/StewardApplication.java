package org.steward.commons.boot;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a Steward service with its own configuration file name ({@code <name>.yml}) instead of
 * {@code application.yml}, so that the five services can also run side by side in one JVM (the embedded
 * default) without reading each other's configuration.
 */
public final class StewardApplication {

    private StewardApplication() {
    }

    public static SpringApplicationBuilder builder(Class<?> application, String configName) {
        return new SpringApplicationBuilder(application).properties("spring.config.name=" + configName);
    }
}
