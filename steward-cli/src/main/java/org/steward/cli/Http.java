package org.steward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The few HTTP exchanges the command line needs, with timeouts so that a CI job never hangs on a
 * silent service, and every failure turned into a one-line {@link CliException}: services answer
 * errors as RFC 9457 problem details, which are shown as {@code <status> <title>: <detail>}.
 */
final class Http {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Redirects are not followed, so the bearer token only ever goes to the configured URLs. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<String, String> env;
    private final JsonMapper mapper;

    Http(Map<String, String> env, JsonMapper mapper) {
        this.env = env;
        this.mapper = mapper;
    }

    /** {@code path} with the non-null {@code params} appended as a URL-encoded query string. */
    static String withQuery(String path, Map<String, ?> params) {
        String query = formEncode(params);
        return query.isEmpty() ? path : path + "?" + query;
    }

    URI url(Endpoint endpoint) {
        return endpoint.baseUrl(env);
    }

    JsonNode get(Endpoint endpoint, String path, String token) {
        return json(endpoint, request(endpoint, path, token, REQUEST_TIMEOUT).GET());
    }

    /** POSTs an empty body, for commands that ask a service to act rather than send it data. */
    JsonNode post(Endpoint endpoint, String path, String token) {
        return json(endpoint, request(endpoint, path, token, REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** POSTs {@code body} (a JSON tree or a record) as JSON, for commands that act on a service's resources. */
    JsonNode postJson(Endpoint endpoint, String path, String token, Object body) {
        return json(endpoint, request(endpoint, path, token, REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))));
    }

    /** POSTs a file's bytes as {@code contentType}, e.g. a definition document or a batch of rows. */
    JsonNode postFile(Endpoint endpoint, String path, String token, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(Exit.USAGE, "cannot read " + file + " (no such file)", "check the path");
        }
        return json(endpoint, request(endpoint, path, token, REQUEST_TIMEOUT).header("Content-Type", contentType).POST(body));
    }

    JsonNode postForm(Endpoint endpoint, String path, Map<String, String> form) {
        return json(endpoint, request(endpoint, path, null, REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))));
    }

    /**
     * Streams a GET response into {@code file} without holding it in memory; the file is written
     * under a temporary name and moved into place, so a failed download never leaves a truncated
     * file where a good one was. Returns the number of bytes written.
     */
    long download(Endpoint endpoint, String path, String token, Path file) {
        HttpResponse<InputStream> response = send(endpoint, request(endpoint, path, token, REQUEST_TIMEOUT).GET(),
                BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            failUnlessSuccess(endpoint, response.statusCode(), () -> body.readNBytes(MAX_ERROR_BODY));
            Path target = file.toAbsolutePath();
            Path partial = createPartialFile(target);
            try {
                long bytes = Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return bytes;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new CliException(Exit.SERVICE_ERROR, "the download from " + endpoint.displayName + " to " + file
                    + " failed (" + CliException.reason(e) + ")", "retry, and check the free space where the file goes");
        }
    }

    /**
     * GETs without a token and without failing: the JSON body whatever the status (a missing node if
     * the body is not JSON), or empty if the service could not be reached at all.
     */
    CompletableFuture<Optional<JsonNode>> probe(Endpoint endpoint, String path, Duration timeout) {
        HttpRequest request = request(endpoint, path, null, timeout).GET().build();
        return client.sendAsync(request, BodyHandlers.ofByteArray())
                .handle((response, failure) -> failure != null ? Optional.empty() : Optional.of(parseOrMissing(response.body())));
    }

    private HttpRequest.Builder request(Endpoint endpoint, String path, String token, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(endpoint) + path))
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json, */*;q=0.5");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode json(Endpoint endpoint, HttpRequest.Builder request) {
        HttpResponse<byte[]> response = send(endpoint, request, BodyHandlers.ofByteArray());
        failUnlessSuccess(endpoint, response.statusCode(), response::body);
        try {
            return mapper.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliException(Exit.SERVICE_ERROR, endpoint.displayName + " answered with something other than JSON",
                    "check that " + endpoint.envVar + " points at the " + endpoint.displayName);
        }
    }

    private <T> HttpResponse<T> send(Endpoint endpoint, HttpRequest.Builder request, BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (IOException e) {
            throw new CliException(Exit.SERVICE_ERROR, "cannot reach " + endpoint.displayName + " at " + url(endpoint)
                    + " (" + CliException.reason(e) + ")", "start it, or set " + endpoint.envVar + " to where it runs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.SERVICE_ERROR, "interrupted while waiting for " + endpoint.displayName, null);
        }
    }

    private interface BodyReader {
        byte[] read() throws IOException;
    }

    private void failUnlessSuccess(Endpoint endpoint, int status, BodyReader body) {
        if (status / 100 == 2) {
            return;
        }
        JsonNode problem;
        try {
            problem = parseOrMissing(body.read());
        } catch (IOException e) {
            problem = MissingNode.getInstance();
        }
        String title = problem.path("title").asString("");
        String detail = problem.path("detail").asString("");
        String what = title.isEmpty()
                ? endpoint.displayName + " answered HTTP " + status
                : status + " " + title + (detail.isEmpty() ? "" : ": " + detail);
        throw new CliException(Exit.SERVICE_ERROR, what, fixFor(endpoint, status));
    }

    private static String fixFor(Endpoint endpoint, int status) {
        return switch (status) {
            case 401 -> "pass --token TOKEN, set STEWARD_TOKEN, or use --as IDENTITY";
            case 403 -> "use an identity whose role allows this";
            case 404 -> "check that " + endpoint.envVar + " points at the " + endpoint.displayName;
            default -> status >= 500 ? "see the " + endpoint.displayName + " logs" : null;
        };
    }

    private JsonNode parseOrMissing(byte[] body) {
        try {
            return Objects.requireNonNullElse(mapper.readTree(body), MissingNode.getInstance());
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    private static Path createPartialFile(Path target) {
        try {
            return Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot write to " + target + " (" + CliException.reason(e) + ")",
                    "choose a file in an existing, writable directory");
        }
    }

    /** The non-null entries as {@code application/x-www-form-urlencoded}, which is also a query string. */
    private static String formEncode(Map<String, ?> params) {
        return params.entrySet().stream()
                .filter(param -> param.getValue() != null)
                .map(param -> encode(param.getKey()) + "=" + encode(param.getValue().toString()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
