package org.steward.training;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * HTTP to one Steward service: a bearer token on every request, timeouts so that a CI job never hangs, and every
 * failure turned into a one-line {@link PipelineException} — problem details shown as {@code status title: detail}.
 * Redirects are not followed, so the token only goes to the configured URL.
 */
final class ServiceClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** A status and a JSON body. */
    record Response(int status, JsonNode body) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final String name;
    private final URI baseUrl;
    private final String token;

    ServiceClient(String name, URI baseUrl, String token) {
        this.name = name;
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.token = token;
    }

    static String query(Map<String, ?> params) {
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().toString()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    JsonNode get(String path, Duration timeout) {
        return send(request(path, timeout).GET()).body();
    }

    Response post(String path, String contentType, byte[] body, Duration timeout) {
        return send(request(path, timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The body of a GET as a stream, after a successful status; the caller closes it. */
    InputStream stream(String path, Duration timeout) {
        HttpResponse<InputStream> response = exchange(request(path, timeout).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw failure(response.statusCode(), body.readNBytes(MAX_ERROR_BODY));
            } catch (IOException e) {
                throw failure(response.statusCode(), new byte[0]);
            }
        }
        return response.body();
    }

    /** A failure while reading a stream this client opened. */
    PipelineException readFailure(String what, IOException e) {
        return new PipelineException(PipelineException.Kind.SERVICE, "reading " + what + " from the " + name
                + " failed (" + reason(e) + ")", e);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json, */*;q=0.5");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body());
        }
        try {
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (JacksonException e) {
            throw new PipelineException(PipelineException.Kind.SERVICE, "the " + name + " at " + baseUrl
                    + " answered with something other than JSON");
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (IOException e) {
            throw new PipelineException(PipelineException.Kind.SERVICE, "cannot reach the " + name + " at " + baseUrl
                    + " (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(PipelineException.Kind.SERVICE, "interrupted while waiting for the " + name, e);
        }
    }

    private PipelineException failure(int status, byte[] body) {
        JsonNode problem;
        try {
            problem = body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (JacksonException e) {
            problem = MissingNode.getInstance();
        }
        String title = problem.path("title").asString("");
        String detail = problem.path("detail").asString("");
        return new PipelineException(PipelineException.Kind.SERVICE, title.isEmpty()
                ? "the " + name + " answered HTTP " + status
                : "the " + name + " answered " + status + " " + title + (detail.isEmpty() ? "" : ": " + detail));
    }

    private static String reason(IOException e) {
        return switch (e) {
            case HttpTimeoutException timeout -> "no answer in time";
            case ConnectException refused -> "connection refused or host unknown";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
