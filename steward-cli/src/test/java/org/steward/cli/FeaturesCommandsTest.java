package org.steward.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FeaturesCommandsTest extends CliTestSupport {

    private static final String PLAN = """
            {"dryRun":true,"changesAnything":true,"changes":[
              {"kind":"FEATURE_VIEW","name":"customer_profile","action":"NEW_VERSION","version":2,
               "differences":["ttl: \\"365d\\" -> \\"90d\\""]},
              {"kind":"ENTITY","name":"customer","action":"UNCHANGED","version":1,"differences":[]}]}""";

    @TempDir
    Path dir;

    @Test
    void aDryRunSendsTheDocumentAsYamlAndPrintsThePlan() throws Exception {
        Path file = Files.writeString(dir.resolve("features.yaml"), "entities: []\n");
        services.answer(prefix(Endpoint.FEATURE_STORE) + "/api/v1/definitions", 200, JSON, PLAN);
        env.put("STEWARD_TOKEN", "t0ken");

        assertThat(run("features", "apply", file.toString(), "--dry-run")).isZero();

        var request = services.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.query()).isEqualTo("dryRun=true");
        assertThat(request.contentType()).isEqualTo("application/yaml");
        assertThat(request.body()).isEqualTo("entities: []\n");
        assertThat(request.authorization()).isEqualTo("Bearer t0ken");
        assertThat(stdout()).contains("NEW_VERSION").contains("customer_profile").contains("v2")
                .contains("ttl: \"365d\" -> \"90d\"").contains("dry run: nothing was applied");
    }

    @Test
    void aRefusedDocumentIsOneLineAndExitThree() throws Exception {
        Path file = Files.writeString(dir.resolve("features.json"), "{}");
        services.answer(prefix(Endpoint.FEATURE_STORE) + "/api/v1/definitions", 422, PROBLEM_JSON,
                "{\"title\":\"Invalid definitions\",\"status\":422,\"detail\":\"featureViews[0].owner: every feature view has an owner\"}");

        assertThat(run("features", "apply", file.toString(), "--token", "x")).isEqualTo(3);

        assertThat(services.requests().getFirst().contentType()).isEqualTo("application/json");
        assertThat(stderr().lines().toList()).hasSize(1);
        assertThat(stderr()).contains("422 Invalid definitions: featureViews[0].owner");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(run("features", "apply", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(stderr()).contains("cannot read").contains("nope.yaml");
    }
}
