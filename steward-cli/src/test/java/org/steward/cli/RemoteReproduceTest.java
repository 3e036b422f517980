package org.steward.cli;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code steward reproduce --remote}: the registry's reproduction requested, followed to its end, and printed. */
class RemoteReproduceTest extends CliTestSupport {

    private static final String PATH = "/model-registry/api/v1/models/credit/versions/3/reproductions";
    private static final String RECORDED = "a".repeat(64);

    @BeforeEach
    void token() {
        env.put("STEWARD_TOKEN", "t0ken");
    }

    /** The registry accepts the request, shows it running once, then ended as {@code finished}. */
    private void registryFinishing(String finished) {
        AtomicInteger polls = new AtomicInteger();
        services.handle(PATH, (exchange, request) -> {
            if (request.method().equals("POST")) {
                FakeServices.send(exchange, 202, JSON, "{\"id\": \"r-1\", \"status\": \"QUEUED\"}");
            } else {
                FakeServices.send(exchange, 200, JSON, polls.getAndIncrement() == 0
                        ? "{\"id\": \"r-1\", \"status\": \"RUNNING\"}" : finished);
            }
        });
    }

    @Test
    void aDifferingVerdictIsPrintedLikeALocalRunAndExitsOne() {
        registryFinishing("""
                {"id": "r-1", "status": "SUCCEEDED", "verdict": "DIFFERS", "recordedArtifactSha256": "%s",
                 "reproducedArtifactSha256": "%s",
                 "differences": [{"kind": "DATA", "what": "training set rebuilt from the feature store's current sources",
                                  "recorded": "b", "now": "c"}],
                 "notes": ["the code was not compared: not checked inside the service"],
                 "steps": [{"name": "fit", "detail": "IRLS", "millis": 12}]}""".formatted(RECORDED, RECORDED));

        int exit = run("reproduce", "credit", "3", "--remote", "--no-rebuild");

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).startsWith("not reproduced: 1 difference").contains("data")
                .contains("training set rebuilt from the feature store's current sources: recorded b, now c")
                .contains("(identical)").contains("note: the code was not compared");
        assertThat(services.requests().getFirst().method()).isEqualTo("POST");
        assertThat(services.requests().getFirst().body()).isEqualTo("{\"rebuildFromSources\":false}");
        assertThat(services.requests().getFirst().authorization()).isEqualTo("Bearer t0ken");
        assertThat(services.requests()).extracting(FakeServices.Request::path).last().isEqualTo(PATH + "/r-1");
    }

    @Test
    void anIdenticalVerdictExitsZero() {
        registryFinishing("""
                {"id": "r-1", "status": "SUCCEEDED", "verdict": "IDENTICAL", "recordedArtifactSha256": "%s",
                 "reproducedArtifactSha256": "%s", "differences": [], "notes": [], "steps": []}"""
                .formatted(RECORDED, RECORDED));

        assertThat(run("reproduce", "credit", "3", "--remote")).isZero();
        assertThat(stdout()).startsWith("reproduced: identical artifact " + RECORDED);
        assertThat(services.requests().getFirst().body()).isEqualTo("{\"rebuildFromSources\":true}");
    }

    @Test
    void aReproductionThatCouldNotRunIsOneErrorLineAndAServiceFailure() {
        registryFinishing("""
                {"id": "r-1", "status": "FAILED", "failure": "the feature store answered 403 Forbidden"}""");

        assertThat(run("reproduce", "credit", "3", "--remote")).isEqualTo(3);
        assertThat(stderr().lines().toList().getLast()).isEqualTo("steward: the registry could not reproduce credit "
                + "version 3: the feature store answered 403 Forbidden");
    }

    @Test
    void aRefusedRequestIsTheRegistrysProblem() {
        services.answer(PATH, 422, PROBLEM_JSON, """
                {"title": "Version cannot be reproduced", "status": 422,
                 "detail": "credit version 3 does not record its pipeline spec in its lineage"}""");

        assertThat(run("reproduce", "credit", "3", "--remote")).isEqualTo(3);
        assertThat(oneErrorLine()).contains("Version cannot be reproduced").contains("does not record its pipeline spec");
    }
}
