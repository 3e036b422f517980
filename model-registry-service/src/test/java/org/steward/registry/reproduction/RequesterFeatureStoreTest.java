package org.steward.registry.reproduction;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.steward.training.PipelineException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feature store read as the requester, against a small HTTP server standing in for it. */
class RequesterFeatureStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/training-sets/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = """
                    {"type": "urn:steward:problem:forbidden", "title": "Forbidden", "status": 403,
                     "detail": "this role may not read training set ts-1"}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RequesterFeatureStore store(Instant expiresAt) {
        return new RequesterFeatureStore(RestClient.create("http://127.0.0.1:" + server.getAddress().getPort()),
                new Requester("vera", "vera-token", expiresAt), CLOCK, JsonMapper.builder().build());
    }

    @Test
    void theStoreIsAskedWithTheRequestersOwnTokenAndItsRefusalIsOneLine() {
        assertThatThrownBy(() -> store(NOW.plusSeconds(60)).trainingSet("ts-1"))
                .isInstanceOf(PipelineException.class)
                .hasMessage("the feature store answered 403 Forbidden: this role may not read training set ts-1 "
                        + "(the store applies the rights of vera, who asked for the reproduction)");
        assertThat(authorizations).containsExactly("Bearer vera-token");
    }

    @Test
    void anExpiredTokenFailsWithThatReasonBeforeAnyCall() {
        assertThatThrownBy(() -> store(NOW).trainingSet("ts-1"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("the token of vera expired at 2026-03-04T10:00:00Z, before the reproduction finished")
                .hasMessageContaining("request the reproduction again with a fresh one");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void theTokenNeverAppearsInTheRequestersText() {
        assertThat(new Requester("vera", "vera-token", NOW).toString()).doesNotContain("vera-token");
    }
}
