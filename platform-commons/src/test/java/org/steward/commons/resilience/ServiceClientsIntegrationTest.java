package org.steward.commons.resilience;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.steward.commons.web.StewardException;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Resilient service clients against a real HTTP server whose answers the test scripts: retries, timeouts, the
 * circuit breaker and token propagation as another Steward service would experience them.
 */
@RealInfrastructure
class ServiceClientsIntegrationTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    /** What the server answers next on each path; an empty script answers 200. */
    private final Map<String, Queue<Integer>> scripts = new ConcurrentHashMap<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HttpServer server;
    private String baseUrl;
    private ServiceClients clients;

    record Received(String method, String path, String authorization) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        clients = new ServiceClients(new ServiceClientProperties(Map.of("registry", new ServiceClientProperties.Client(baseUrl)),
                Duration.ofSeconds(1), READ_TIMEOUT, 3, Duration.ofMillis(10), 50f, Duration.ofSeconds(30)),
                RestClient.builder(), meters);
    }

    @AfterEach
    void stop() {
        SecurityContextHolder.clearContext();
        server.stop(0);
    }

    @Test
    void retriesAnIdempotentCallThatFailsWithAServerErrorUntilItSucceeds() {
        script("/models", 503, 503, 200);

        String body = clients.client("registry").get().uri("/models").retrieve().body(String.class);

        assertThat(body).isEqualTo("answer 200");
        assertThat(requests("/models")).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWithTheLastServerError() {
        script("/models", 500, 502, 503, 200);

        assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
                .isThrownBy(() -> clients.client("registry").get().uri("/models").retrieve().body(String.class));
        assertThat(requests("/models")).isEqualTo(3);
    }

    @Test
    void doesNotRetryANonIdempotentCall() {
        script("/models", 503, 200);

        assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
                .isThrownBy(() -> clients.client("registry").post().uri("/models").body("{}").retrieve().toBodilessEntity());
        assertThat(requests("/models")).isEqualTo(1);
    }

    @Test
    void doesNotRetryAClientError() {
        script("/models", 404, 200);

        assertThat(catchThrowable(() -> clients.client("registry").get().uri("/models").retrieve().body(String.class)))
                .hasMessageContaining("404");
        assertThat(requests("/models")).isEqualTo(1);
    }

    @Test
    void aServerSlowerThanTheReadTimeoutFails() {
        long started = System.nanoTime();

        Throwable failure = catchThrowable(() -> clients.client("registry").get().uri("/slow").retrieve().body(String.class));

        assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(requests("/slow")).as("timeouts are retried").isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndThenFailsFastAsUnavailable() {
        RestClient sick = clients.client("sick", baseUrl);
        for (int i = 0; i < 4; i++) {
            script("/models", 500, 500, 500);
            catchThrowable(() -> sick.get().uri("/models").retrieve().body(String.class));
        }
        assertThat(clients.circuitBreaker("sick").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int reached = requests("/models");

        assertThatExceptionOfType(StewardException.class)
                .isThrownBy(() -> sick.get().uri("/models").retrieve().body(String.class))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(StewardException.Kind.UNAVAILABLE))
                .withMessageContaining("sick");
        assertThat(requests("/models")).as("no call reaches the sick service").isEqualTo(reached);
        assertThat(clients.circuitBreaker("registry").getState()).as("other services are unaffected")
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void passesTheCallersBearerTokenOn() {
        String token = RealInfrastructureExtension.issuer().issuer().issue(DemoIdentity.ELI);
        Jwt jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("eli").issuedAt(Instant.now()).build();
        RestClient registry = clients.client("registry");

        registry.get().uri("/anonymous").retrieve().toBodilessEntity();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        registry.get().uri("/as-eli").retrieve().toBodilessEntity();
        registry.get().uri("/explicit").header("Authorization", "Bearer other").retrieve().toBodilessEntity();

        assertThat(received).extracting(Received::path, Received::authorization).containsExactly(
                tuple("/anonymous", null),
                tuple("/as-eli", "Bearer " + token),
                tuple("/explicit", "Bearer other"));
    }

    @Test
    void registersCircuitBreakerAndRetryMetricsPerService() {
        script("/models", 503, 200);
        clients.client("registry").get().uri("/models").retrieve().toBodilessEntity();

        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "registry").gauges()).isNotEmpty();
        assertThat(meters.get("resilience4j.circuitbreaker.calls").tag("name", "registry").tag("kind", "successful")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.calls").tag("name", "registry").tag("kind", "failed")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("resilience4j.retry.calls").tag("name", "registry").tag("kind", "successful_with_retry")
                .functionCounter().count()).isEqualTo(1);
    }

    @Test
    void aServiceWithoutABaseUrlIsAConfigurationErrorThatSaysWhatToSet() {
        assertThatIllegalStateException().isThrownBy(() -> clients.client("governance"))
                .withMessageContaining("steward.clients.services.governance.base-url");
    }

    private void script(String path, Integer... statuses) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
    }

    private int requests(String path) {
        return (int) received.stream().filter(r -> r.path().equals(path)).count();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getRequestBody().readAllBytes();
        if (path.equals("/slow")) {
            try {
                Thread.sleep(READ_TIMEOUT.multipliedBy(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer next = scripts.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
        int status = next == null ? 200 : next;
        byte[] body = ("answer " + status).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        try {
            exchange.sendResponseHeaders(status, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client gave up (read timeout) before the answer was ready.
        }
    }
}
