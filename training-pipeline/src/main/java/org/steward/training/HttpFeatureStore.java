package org.steward.training;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link FeatureStore} over the feature store's REST API. */
final class HttpFeatureStore implements FeatureStore {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

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
            return FeatureStoreJobs.await(response.body().path("jobId").asString(),
                    jobId -> http.get("/api/v1/jobs/" + jobId, READ_TIMEOUT));
        }
        return TrainingSet.fromJson(response.body());
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
