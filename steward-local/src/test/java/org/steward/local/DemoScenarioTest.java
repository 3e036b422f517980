package org.steward.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.steward.testsupport.examples.ExampleFiles;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story {@code make demo} plays, on a platform started from nothing: it must end with the scorecard approved by
 * someone other than its author and an intact audit chain, and playing it again on the same data — a restart of
 * {@code make demo} — must skip what is done rather than fail.
 */
class DemoScenarioTest {

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();

    @Test
    void theDemoEndsApprovedWithAnIntactTrailAndPlaysAgainOverItself() throws Exception {
        DemoScenario scenario = new DemoScenario(platform.get(), ExampleFiles.repositoryRoot().resolve("examples/german-credit"));

        scenario.play();
        JsonNode approval = approval();
        scenario.play();

        assertThat(approval.get("state").asString()).isEqualToIgnoringCase("approved");
        assertThat(approval.get("author").asString()).isEqualTo("dana");
        assertThat(approval.get("acts").valueStream().map(act -> act.get("actor").asString()))
                .contains("dana", "vera", "alex");
        assertThat(approval().get("acts")).as("the second play acted on nothing").hasSameSizeAs(approval.get("acts"));
        JsonNode trail = audit();
        assertThat(trail.get("intact").asBoolean()).isTrue();
        assertThat(trail.get("count").asLong()).isPositive();
        assertThat(platform.as(DemoIdentity.AUDREY, StewardService.MODEL_REGISTRY).get()
                .uri("/api/v1/models/{m}/versions", DemoScenario.MODEL).retrieve().body(JsonNode.class)).hasSize(1);
    }

    private JsonNode approval() {
        return platform.as(DemoIdentity.AUDREY, StewardService.GOVERNANCE).get()
                .uri("/api/v1/approvals/{m}/1", DemoScenario.MODEL).retrieve().body(JsonNode.class);
    }

    private JsonNode audit() {
        return platform.as(DemoIdentity.AUDREY, StewardService.GOVERNANCE).get()
                .uri("/api/v1/audit/verify").retrieve().body(JsonNode.class);
    }
}
