package org.steward.commons.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this service is: its short name (the CloudEvents source and Kafka consumer group) and the PostgreSQL
 * schema it owns. Every other per-service default (Flyway schema and locations, the connection pool's schema)
 * is derived from these two.
 *
 * @param name   e.g. {@code model-registry}
 * @param schema e.g. {@code model_registry}
 */
@ConfigurationProperties("steward.service")
public record ServiceProperties(String name, String schema) {

    public ServiceProperties {
        if (name == null || name.isBlank() || schema == null || schema.isBlank()) {
            throw new IllegalStateException("steward.service.name and steward.service.schema must be set");
        }
    }

    /** The CloudEvents source attribute of everything this service emits. */
    public String source() {
        return "/" + name;
    }
}
