package org.steward.testsupport.identity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Serves a {@link DemoTokenIssuer} over HTTP on loopback: discovery, JWKS, a token endpoint for demo identities
 * ({@code POST /token} with {@code identity=dana}) and the list of identities. Not an OAuth2 server; it exists so
 * that the embedded default and the tests verify tokens exactly as production does, through a JWKS URL.
 */
public final class IssuerServer implements AutoCloseable {

    private final HttpServer server;
    private final DemoTokenIssuer issuer;

    private IssuerServer(HttpServer server, DemoTokenIssuer issuer) {
        this.server = server;
        this.issuer = issuer;
    }

    /** Starts on {@code port} (0 picks a free one) of the loopback interface. */
    public static IssuerServer start(int port) {
        return start("127.0.0.1", port);
    }

    /**
     * Starts on {@code host:port}; the issuer name stays {@code http://localhost:port} unless
     * {@code STEWARD_ISSUER_PUBLIC_URL} says how other hosts reach it (as in the containerised platform).
     */
    public static IssuerServer start(String host, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            String publicUrl = System.getenv("STEWARD_ISSUER_PUBLIC_URL");
            String base = publicUrl != null && !publicUrl.isBlank() ? publicUrl
                    : "http://localhost:" + http.getAddress().getPort();
            IssuerServer server = new IssuerServer(http, new DemoTokenIssuer(base));
            http.createContext("/.well-known/jwks.json", ex -> server.respond(ex, 200, "application/json", server.issuer.jwksJson()));
            http.createContext("/.well-known/openid-configuration", ex -> server.respond(ex, 200, "application/json",
                    "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/.well-known/jwks.json\","
                            + "\"token_endpoint\":\"" + base + "/token\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            http.createContext("/token", server::token);
            http.createContext("/identities", ex -> server.respond(ex, 200, "application/json", identitiesJson()));
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the demo token issuer on port " + port
                    + " (is another process using it?)", e);
        }
    }

    public DemoTokenIssuer issuer() {
        return issuer;
    }

    public String baseUrl() {
        return issuer.issuer();
    }

    public String jwksUrl() {
        return baseUrl() + "/.well-known/jwks.json";
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            problem(exchange, 405, "Method not allowed", "POST identity=<name> as a form to get a token");
            return;
        }
        String identity = form(exchange.getRequestBody()).get("identity");
        var known = identity == null ? java.util.Optional.<DemoIdentity>empty() : DemoIdentity.byUsername(identity);
        if (known.isEmpty()) {
            problem(exchange, 400, "Unknown identity", "identity must be one of " + Arrays.stream(DemoIdentity.values())
                    .map(DemoIdentity::username).collect(Collectors.joining(", ")));
            return;
        }
        respond(exchange, 200, "application/json", "{\"access_token\":\"" + issuer.issue(known.get())
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + issuer.lifetime().toSeconds() + "}");
    }

    private static Map<String, String> form(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("&"))
                .map(pair -> pair.split("=", 2))
                .filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> b));
    }

    private static String identitiesJson() {
        return Arrays.stream(DemoIdentity.values())
                .map(i -> "{\"identity\":\"" + i.username() + "\",\"name\":\"" + i.displayName() + "\",\"roles\":["
                        + i.roles().stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        respond(exchange, status, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
