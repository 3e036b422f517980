package org.steward.training;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** {@link FeatureStore} over the feature store's REST API. */
final class HttpFeatureStore implements FeatureStore {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration JOB_POLL = Duration.ofMillis(500);
    private static final Duration JOB_TIMEOUT = Duration.ofHours(2);

    private final ServiceClient http;

    HttpFeatureStore(ServiceClient http) {
        this.http = http;
    }

    @Override
    public TrainingSet createTrainingSet(String featureService, int version, boolean excludeCreatedAfter, String name,
                                         byte[] entityRowsCsv) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("featureService", featureService);
        query.put("version", version);
        query.put("excludeCreatedAfter", excludeCreatedAfter);
        query.put("name", name);
        ServiceClient.Response response = http.post("/api/v1/training-sets" + ServiceClient.query(query), "text/csv",
                entityRowsCsv, BUILD_TIMEOUT);
        if (response.status() == 202) {
            return awaitJob(response.body().path("jobId").asString());
        }
        return TrainingSet.fromJson(response.body());
    }

    /** Polls the store's job until it has built the training set. */
    private TrainingSet awaitJob(String jobId) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JsonNode job = http.get("/api/v1/jobs/" + jobId, READ_TIMEOUT);
            String state = job.path("state").asString("").toUpperCase(Locale.ROOT);
            switch (state) {
                case "SUCCEEDED":
                    return TrainingSet.fromJson(job.path("result"));
                case "FAILED":
                    throw new PipelineException(PipelineException.Kind.SERVICE, "the feature store's job " + jobId
                            + " building the training set failed: " + job.path("error").asString("no reason given"));
                default:
                    if (System.nanoTime() > deadline) {
                        throw new PipelineException(PipelineException.Kind.SERVICE, "the feature store's job " + jobId
                                + " has not built the training set in " + JOB_TIMEOUT.toMinutes() + " minutes");
                    }
            }
            try {
                Thread.sleep(JOB_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException(PipelineException.Kind.SERVICE, "interrupted while waiting for job " + jobId, e);
            }
        }
    }

    @Override
    public TrainingSet trainingSet(String id) {
        return TrainingSet.fromJson(http.get("/api/v1/training-sets/" + id, READ_TIMEOUT));
    }

    @Override
    public Snapshot snapshot(TrainingSet trainingSet) {
        try (InputStream csv = http.stream("/api/v1/training-sets/" + trainingSet.id() + "/data?format=csv",
                DOWNLOAD_TIMEOUT)) {
            return Snapshot.read(trainingSet, csv);
        } catch (IOException e) {
            throw http.readFailure("training set " + trainingSet.id(), e);
        }
    }
}
