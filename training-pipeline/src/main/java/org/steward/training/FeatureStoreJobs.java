package org.steward.training;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * The feature store builds a large training set as a background job ({@code 202} with a job id); this waits for it,
 * whatever client asks the store for the job, so that every {@link FeatureStore} over HTTP waits the same way.
 */
public final class FeatureStoreJobs {

    private static final Duration JOB_POLL = Duration.ofMillis(500);
    private static final Duration JOB_TIMEOUT = Duration.ofHours(2);

    private FeatureStoreJobs() {
    }

    /**
     * Polls {@code readJob} (the store's {@code GET /api/v1/jobs/{id}}) until the job has built the training set.
     *
     * @throws PipelineException when the job fails, takes longer than two hours, or the wait is interrupted
     */
    public static TrainingSet await(String jobId, Function<String, JsonNode> readJob) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JsonNode job = readJob.apply(jobId);
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
}
