package org.steward.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.steward.commons.boot.StewardApplication;
import org.steward.testsupport.RealKafka;
import org.steward.testsupport.RealPostgres;
import org.steward.testsupport.identity.IssuerServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole platform in one process: a real PostgreSQL from embedded binaries over a data directory that
 * survives restarts, Kafka's own broker in KRaft mode, the demo token issuer and the five services, each in its
 * own Spring application context with its own port, schema and configuration — as they run in containers,
 * minus the containers.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    private static final String DATABASE = "steward";

    /**
     * @param dataDirectory where PostgreSQL keeps its data and governance its checkpoint key
     * @param fixedPorts    the documented ports (issuer 8090, services 8081-8085, PostgreSQL 15432, Kafka 19092);
     *                      false picks free ones, for tests
     * @param services      the services to start (all five for the platform; a benchmark of one service starts that
     *                      one alone, as it would run in its own process)
     */
    public record Options(Path dataDirectory, boolean fixedPorts, Set<StewardService> services) {

        public Options {
            if (services.isEmpty()) {
                throw new IllegalArgumentException("at least one service to start");
            }
            services = Collections.unmodifiableSet(EnumSet.copyOf(services));
        }

        /** Every service. */
        public Options(Path dataDirectory, boolean fixedPorts) {
            this(dataDirectory, fixedPorts, EnumSet.allOf(StewardService.class));
        }
    }

    private final RealPostgres postgres;
    private final RealKafka kafka;
    private final IssuerServer issuer;
    private final Map<StewardService, ConfigurableApplicationContext> services;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalPlatform(RealPostgres postgres, RealKafka kafka, IssuerServer issuer,
                         Map<StewardService, ConfigurableApplicationContext> services) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.issuer = issuer;
        this.services = services;
    }

    public static LocalPlatform start(Options options) throws Exception {
        // One logging configuration for the whole process (logback.xml): five contexts re-initialising a
        // shared logger context, concurrently, race each other.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Files.createDirectories(options.dataDirectory());
        long t0 = System.nanoTime();
        progress(1, "PostgreSQL", "starting from " + options.dataDirectory().resolve("postgres"));
        RealPostgres postgres = RealPostgres.embedded(options.dataDirectory().toAbsolutePath().resolve("postgres"),
                options.fixedPorts() ? 15432 : 0);
        String jdbcUrl = ensureDatabase(postgres);
        progress(2, "Kafka", "starting an in-process KRaft broker");
        RealKafka kafka = RealKafka.inProcess(options.fixedPorts() ? 19092 : 0);
        progress(3, "Token issuer", "starting");
        IssuerServer issuer = IssuerServer.start(options.fixedPorts() ? 8090 : 0);
        progress(4, "Services", "starting " + (options.services().size() == StewardService.values().length
                ? "the five services" : options.services()));
        Map<StewardService, ConfigurableApplicationContext> contexts = new EnumMap<>(StewardService.class);
        LocalPlatform platform = new LocalPlatform(postgres, kafka, issuer, contexts);
        // Ports are chosen before anything starts, so that every service can be told where the others are.
        Map<StewardService, Integer> ports = new EnumMap<>(StewardService.class);
        for (StewardService service : StewardService.values()) {
            ports.put(service, options.fixedPorts() ? service.defaultPort() : freePort());
        }
        try (ExecutorService starter = Executors.newFixedThreadPool(2)) {
            Map<StewardService, Future<ConfigurableApplicationContext>> starting = new EnumMap<>(StewardService.class);
            for (StewardService service : options.services()) {
                Map<String, Object> settings = new LinkedHashMap<>(Map.of(
                        "server.port", ports.get(service),
                        "spring.datasource.url", jdbcUrl,
                        "spring.datasource.username", postgres.username(),
                        "spring.datasource.password", postgres.password(),
                        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwksUrl(),
                        "steward.audit.signing-key-path",
                        options.dataDirectory().toAbsolutePath().resolve("audit-signing-key.pem").toString(),
                        "spring.main.banner-mode", "off"));
                ports.forEach((other, port) -> settings.put(
                        "steward.clients.services." + other.clientName() + ".base-url", "http://localhost:" + port));
                // As command-line arguments: they outrank every configuration file, like a container's environment.
                String[] arguments = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                starting.put(service, starter.submit(() -> StewardApplication.builder(service.application(), service.shortName())
                        .registerShutdownHook(false)
                        .run(arguments)));
            }
            for (var entry : starting.entrySet()) {
                contexts.put(entry.getKey(), entry.getValue().get());
            }
        } catch (ExecutionException e) {
            platform.close();
            throw new IllegalStateException("a service failed to start: " + e.getCause().getMessage(), e.getCause());
        }
        platform.awaitHealthy(Duration.ofMinutes(2));
        log.info("Steward is up in {} s", (System.nanoTime() - t0) / 1_000_000_000);
        return platform;
    }

    /** The service's base URL, e.g. {@code http://localhost:8082}. */
    public String url(StewardService service) {
        return "http://localhost:" + ((WebServerApplicationContext) services.get(service)).getWebServer().getPort();
    }

    /**
     * The running service's application context, for tests and benchmarks that reach its beans directly (stop and
     * restart its parts, record events in its transactions, read its database); not for production code.
     */
    public ConfigurableApplicationContext context(StewardService service) {
        return services.get(service);
    }

    public IssuerServer issuer() {
        return issuer;
    }

    public RealPostgres postgres() {
        return postgres;
    }

    public RealKafka kafka() {
        return kafka;
    }

    /** What the {@code steward} command line needs to reach this platform. */
    public Map<String, String> cliEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (StewardService service : services.keySet()) {
            env.put(service.urlVariable(), url(service));
        }
        env.put("STEWARD_ISSUER_URL", issuer.baseUrl());
        return env;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StewardService> waiting = new ArrayList<>(services.keySet());
        while (!waiting.isEmpty()) {
            waiting.removeIf(service -> healthy(http, url(service)));
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("services not healthy after " + timeout.toSeconds() + " s: " + waiting);
            }
            Thread.sleep(250);
        }
    }

    private static boolean healthy(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A port free now; the service binds it a moment later, which is safe enough on a test or demo machine. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Creates the platform's database on first start; later starts find it in the data directory. */
    private static String ensureDatabase(RealPostgres postgres) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        }
        return postgres.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + DATABASE + "$1");
    }

    private static void progress(int step, String what, String detail) {
        log.info("[{}/4] {}: {}", step, what, detail);
    }

    /** Stops the services first (they flush their outboxes and commit offsets), then the servers under them. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<StewardService> reverse = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(reverse);
        for (StewardService service : reverse) {
            try {
                services.get(service).close();
            } catch (RuntimeException e) {
                log.warn("Stopping {} failed: {}", service.shortName(), e.toString());
            }
        }
        issuer.close();
        kafka.close();
        postgres.close();
    }
}
