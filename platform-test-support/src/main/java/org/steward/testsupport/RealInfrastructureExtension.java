package org.steward.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.testsupport.identity.IssuerServer;

/**
 * Starts the servers once per test JVM (they are expensive and stateless between test classes, which use
 * distinct subjects) and publishes their coordinates as system properties, which Spring Boot ranks above the
 * services' own configuration files.
 */
public final class RealInfrastructureExtension implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructureExtension.class);

    private static RealPostgres postgres;
    private static RealKafka kafka;
    private static IssuerServer issuer;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /** Starts everything if not yet started; safe to call from several test classes. */
    public static synchronized void start() {
        if (postgres != null) {
            return;
        }
        long started = System.nanoTime();
        postgres = RealPostgres.start();
        kafka = RealKafka.start();
        issuer = IssuerServer.start(0);
        System.setProperty("spring.datasource.url", postgres.jdbcUrl());
        System.setProperty("spring.datasource.username", postgres.username());
        System.setProperty("spring.datasource.password", postgres.password());
        System.setProperty("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        System.setProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwksUrl());
        log.info("Real infrastructure up in {} ms: PostgreSQL {}, Kafka {}, token issuer {}",
                (System.nanoTime() - started) / 1_000_000, postgres.jdbcUrl(), kafka.bootstrapServers(), issuer.baseUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(RealInfrastructureExtension::stop, "real-infrastructure-stop"));
    }

    private static synchronized void stop() {
        if (issuer != null) {
            issuer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    public static RealPostgres postgres() {
        start();
        return postgres;
    }

    public static RealKafka kafka() {
        start();
        return kafka;
    }

    public static IssuerServer issuer() {
        start();
        return issuer;
    }
}
