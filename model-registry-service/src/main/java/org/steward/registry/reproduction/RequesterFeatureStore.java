package org.steward.registry.reproduction;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.steward.commons.web.StewardException;
import org.steward.training.FeatureStore;
import org.steward.training.FeatureStoreJobs;
import org.steward.training.PipelineException;
import org.steward.training.Snapshot;
import org.steward.training.TrainingSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The feature store as a reproduction reads it: over REST through the platform's resilient client
 * ({@code steward.clients.services.featurestore.base-url}), with the requester's bearer token on every call, so the
 * store applies the requester's own rights. The token is checked before each call: a run that outlives it fails with
 * that reason rather than with an unexplained 401. Failures become the pipeline's one-line {@link PipelineException}.
 */
final class RequesterFeatureStore implements FeatureStore {

    static final String CLIENT = "featurestore";
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final RestClient http;
    private final Requester requester;
    private final Clock clock;
    private final JsonMapper json;

    RequesterFeatureStore(RestClient http, Requester requester, Clock clock, JsonMapper json) {
        this.http = http;
        this.requester = requester;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public TrainingSet createTrainingSet(String featureService, int version, boolean excludeCreatedAfter, String name,
                                         byte[] entityRowsCsv) {
        ResponseEntity<JsonNode> response = call("build a training set", () -> http.post()
                .uri(uri -> uri.path("/api/v1/training-sets").queryParam("featureService", featureService)
                        .queryParam("version", version).queryParam("excludeCreatedAfter", excludeCreatedAfter)
                        .queryParam("name", name).build())
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.parseMediaType("text/csv"))
                .body(entityRowsCsv)
                .retrieve().onStatus(HttpStatusCode::isError, this::refused)
                .toEntity(JsonNode.class));
        if (response.getStatusCode().value() == 202) {
            return FeatureStoreJobs.await(response.getBody().path("jobId").asString(),
                    jobId -> get("read job " + jobId, "/api/v1/jobs/{id}", jobId));
        }
        return TrainingSet.fromJson(response.getBody());
    }

    @Override
    public TrainingSet trainingSet(String id) {
        return TrainingSet.fromJson(get("read training set " + id, "/api/v1/training-sets/{id}", id));
    }

    @Override
    public Snapshot snapshot(TrainingSet trainingSet) {
        String what = "download training set " + trainingSet.id();
        return call(what, () -> http.get().uri("/api/v1/training-sets/{id}/data?format=csv", trainingSet.id())
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .exchange((request, response) -> {
                    if (response.getStatusCode().isError()) {
                        refused(request, response);
                    }
                    try (InputStream csv = response.getBody()) {
                        return Snapshot.read(trainingSet, csv);
                    } catch (IOException e) {
                        throw new PipelineException(PipelineException.Kind.SERVICE, "could not " + what
                                + " from the feature store (" + e.getMessage() + ")", e);
                    }
                }));
    }

    private JsonNode get(String what, String uri, Object... variables) {
        return call(what, () -> http.get().uri(uri, variables).header(HttpHeaders.AUTHORIZATION, bearer())
                .retrieve().onStatus(HttpStatusCode::isError, this::refused).body(JsonNode.class));
    }

    /** Runs one call with a token still valid, turning the client's failures into the pipeline's. */
    private <T> T call(String what, Supplier<T> request) {
        if (requester.expiresAt() != null && !clock.instant().isBefore(requester.expiresAt())) {
            throw expired();
        }
        try {
            return request.get();
        } catch (StewardException e) {
            throw new PipelineException(PipelineException.Kind.SERVICE, "could not " + what + ": " + e.getMessage(), e);
        } catch (RestClientException e) {
            throw new PipelineException(PipelineException.Kind.SERVICE, "could not " + what + ": the feature store "
                    + "did not answer (" + reason(e) + ")", e);
        }
    }

    /** The I/O failure in words: the JDK's connect and timeout exceptions often carry no message. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer in time";
            }
        }
        Throwable deepest = e instanceof RestClientException rest ? rest.getMostSpecificCause() : e;
        return deepest.getMessage() != null ? deepest.getMessage() : deepest.getClass().getSimpleName();
    }

    private String bearer() {
        return "Bearer " + requester.token();
    }

    private PipelineException expired() {
        return new PipelineException(PipelineException.Kind.SERVICE, "the token of " + requester.name()
                + " expired at " + requester.expiresAt() + ", before the reproduction finished: the feature store is read"
                + " with the requester's own token, so request the reproduction again with a fresh one");
    }

    /** A refusal of the store as one line: its problem's title and detail. */
    private void refused(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 401) {
            throw requester.expiresAt() != null && !clock.instant().isBefore(requester.expiresAt()) ? expired()
                    : new PipelineException(PipelineException.Kind.SERVICE, "the feature store did not accept the token"
                    + " of " + requester.name() + " (401): request the reproduction again with a fresh one");
        }
        String title = "";
        String detail = "";
        try (InputStream body = response.getBody()) {
            JsonNode problem = json.readTree(body.readNBytes(MAX_PROBLEM_BYTES));
            title = problem.path("title").asString("");
            detail = problem.path("detail").asString("");
        } catch (JacksonException | IOException e) {
            // no problem details: the status says enough
        }
        String rights = status == 403 ? " (the store applies the rights of " + requester.name() + ", who asked for the "
                + "reproduction)" : "";
        throw new PipelineException(PipelineException.Kind.SERVICE, "the feature store answered " + status
                + (title.isEmpty() ? "" : " " + title) + (detail.isEmpty() ? "" : ": " + detail) + rights);
    }
}
