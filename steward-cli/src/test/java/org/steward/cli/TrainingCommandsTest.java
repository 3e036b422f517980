package org.steward.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code steward train} and {@code steward reproduce} fail as every command does: one line, the right exit code.
 * Training and reproduction themselves run end to end against the real services in steward-local.
 */
class TrainingCommandsTest extends CliTestSupport {

    @TempDir
    Path dir;

    @Test
    void aMissingSpecIsAUsageError() {
        assertThat(run("train", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(oneErrorLine()).contains("cannot read").contains("nope.yaml");
    }

    @Test
    void anInvalidSpecIsAUsageErrorNamingTheField() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "model: m\nfeatureService: svc\n");

        assertThat(run("train", spec.toString(), "--token", "t")).isEqualTo(2);

        assertThat(oneErrorLine()).contains("spec.featureService must pin a feature service as name@version");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void anUnknownVersionIsAServiceErrorWithTheRegistrysProblem() {
        services.answer(prefix(Endpoint.MODEL_REGISTRY) + "/api/v1/models/m/versions/7", 404, PROBLEM_JSON,
                "{\"title\":\"Version not found\",\"status\":404,\"detail\":\"model 'm' has no version 7\"}");

        assertThat(run("reproduce", "m", "7", "--token", "t0ken")).isEqualTo(3);

        assertThat(oneErrorLine()).contains("404 Version not found: model 'm' has no version 7");
        assertThat(services.requests().getFirst().authorization()).isEqualTo("Bearer t0ken");
    }

    @Test
    void aVersionRegisteredOutsideThePipelineCannotBeReproduced() {
        services.answer(prefix(Endpoint.MODEL_REGISTRY) + "/api/v1/models/m/versions/1", 200, JSON,
                "{\"model\":\"m\",\"version\":1,\"artifactSha256\":\"" + "a".repeat(64) + "\",\"lineage\":{}}");

        assertThat(run("reproduce", "m", "1", "--token", "t")).isEqualTo(1);

        assertThat(stderr()).contains("cannot be rerun");
        assertThat(stderr().lines().filter(l -> l.startsWith("steward: "))).hasSize(1);
    }
}
