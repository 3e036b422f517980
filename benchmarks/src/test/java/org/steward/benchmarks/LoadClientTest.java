package org.steward.benchmarks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load client reads whole answers, sized or chunked, so the next request on the connection starts clean. */
class LoadClientTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sized", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(404, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("x".repeat(50_000).getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsSizedAndChunkedAnswersInTurn() throws IOException {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (LoadClient client = new LoadClient(base)) {
            byte[] sized = client.post("/sized", Map.of("Authorization", "Bearer t"), "{\"a\":1}");
            byte[] chunked = client.post("/chunked", Map.of(), "{}");
            for (int i = 0; i < 5; i++) {
                assertThat(client.send(sized)).isEqualTo(200);
                assertThat(client.send(chunked)).isEqualTo(404);
            }
            assertThat(new String(sized, StandardCharsets.US_ASCII)).startsWith("POST /sized HTTP/1.1\r\n")
                    .contains("Content-Length: 7\r\n", "Authorization: Bearer t\r\n").endsWith("\r\n\r\n{\"a\":1}");
        }
    }
}
