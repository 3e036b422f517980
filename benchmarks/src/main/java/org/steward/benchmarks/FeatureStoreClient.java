package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The feature store's REST API as the benchmarks use it: what a notebook or a CI job would call, nothing that
 * reaches behind the service.
 */
final class FeatureStoreClient {

    private static final Logger log = LoggerFactory.getLogger(FeatureStoreClient.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;
    private final String token;

    /** @param token a bearer token of someone allowed to do what the benchmark asks */
    FeatureStoreClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    void applyDefinitions(String yaml) throws IOException, InterruptedException {
        expect(send(request("/api/v1/definitions").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))), 200, 201);
    }

    /** Uploads one CSV batch; returns the rows the service accepted. */
    long ingest(String view, Path csv) throws IOException, InterruptedException {
        JsonNode accepted = expect(send(request("/api/v1/feature-views/" + view + "/batches").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv))), 201);
        return accepted.get("rows").asLong();
    }

    /** Posts the entity rows; returns the job that builds the training set (the request is large enough for one). */
    UUID requestTrainingSet(String featureService, Path entityRows) throws IOException, InterruptedException {
        JsonNode body = expect(send(request("/api/v1/training-sets?featureService=" + encode(featureService))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(entityRows))), 201, 202);
        if (!body.has("jobId")) {
            throw new IllegalStateException("the training set was built at once (201), not as a job: send more than"
                    + " 10,000 entity rows");
        }
        return UUID.fromString(body.get("jobId").asString());
    }

    /**
     * Polls a job every {@code pollEvery} until it succeeds, logging its progress every few seconds.
     *
     * @param observer sees every state polled (state, done, total, message)
     * @return the job's result
     * @throws IllegalStateException if the job failed
     */
    JsonNode awaitJob(UUID job, String what, Duration pollEvery, BooleanSupplier stopping, Consumer<JsonNode> observer)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long lastLog = started;
        while (true) {
            if (stopping.getAsBoolean()) {
                throw new InterruptedException(what + ": interrupted");
            }
            JsonNode state = expect(send(request("/api/v1/jobs/" + job).GET()), 200);
            observer.accept(state);
            String status = state.get("state").asString();
            if (status.equals("SUCCEEDED")) {
                return state.get("result");
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException(what + " failed: " + state.get("error").asString());
            }
            long now = System.nanoTime();
            if (now - lastLog >= PROGRESS_EVERY.toNanos()) {
                lastLog = now;
                log.info("{}: {} {}/{} {} ({} s)", what, status, state.get("done").asLong(),
                        state.path("total").isNull() ? "?" : state.path("total").asLong(), state.path("message").asString(""),
                        (now - started) / 1_000_000_000);
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** Downloads a training set's canonical CSV. */
    void downloadTrainingSet(String id, Path file) throws IOException, InterruptedException {
        HttpResponse<Path> response = http.send(request("/api/v1/training-sets/" + id + "/data?format=csv").GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET training set data answered " + response.statusCode());
        }
    }

    /** Queues the materialisation of a view up to {@code end}; returns its job. */
    UUID materialize(String view, java.time.Instant end) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("featureView", view, "end", end.toString()));
        JsonNode job = expect(send(request("/api/v1/materializations").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))), 202);
        return UUID.fromString(job.get("id").asString());
    }

    JsonNode post(String path, String jsonBody) throws IOException, InterruptedException {
        return expect(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                + response.statusCode() + ": " + abbreviate(response.body()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
