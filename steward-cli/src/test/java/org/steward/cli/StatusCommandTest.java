package org.steward.cli;

import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest extends CliTestSupport {
    private static final String UP = "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}";

    @Test
    void allServicesUpIsExitZeroWithATableAndNoToken() {
        Endpoint.SERVICES.forEach(service -> services.answer(prefix(service) + "/actuator/health", 200, JSON, UP));
        env.put("STEWARD_TOKEN", "secret");

        assertThat(run("status")).isZero();

        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).matches("SERVICE +URL +STATUS");
        assertThat(lines.get(1)).matches("feature-store +" + env.get("STEWARD_FEATURE_STORE_URL") + " +UP");
        assertThat(lines.get(5)).matches("governance +" + env.get("STEWARD_GOVERNANCE_URL") + " +UP");
        assertThat(services.requests()).hasSize(5).allMatch(request -> request.authorization() == null);
    }

    @Test
    void aServiceDownAndOneUnreachableIsExitOneWithEachStatusInJson() throws IOException {
        List.of(Endpoint.FEATURE_STORE, Endpoint.MODEL_REGISTRY, Endpoint.GOVERNANCE)
                .forEach(service -> services.answer(prefix(service) + "/actuator/health", 200, JSON, UP));
        services.answer("/monitoring/actuator/health", 503, JSON, "{\"status\":\"DOWN\"}");
        env.put("STEWARD_DEPLOYMENT_URL", FakeServices.unreachableUrl());

        assertThat(run("status", "--json")).isEqualTo(1);

        JsonNode report = JsonMapper.builder().build().readTree(stdout());
        assertThat(report.propertyNames()).containsExactly("allUp", "services");
        assertThat(report.path("allUp").asBoolean()).isFalse();
        assertThat(StreamSupport.stream(report.path("services").spliterator(), false)
                .map(service -> service.path("name").asString() + "=" + service.path("status").asString()))
                .containsExactly("feature-store=UP", "model-registry=UP", "deployment=UNREACHABLE",
                        "monitoring=DOWN", "governance=UP");
        assertThat(report.path("services").path(2).path("url").asString()).isEqualTo(env.get("STEWARD_DEPLOYMENT_URL"));
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aHealthEndpointThatIsNotActuatorCountsAsDown() {
        Endpoint.SERVICES.stream().filter(service -> service != Endpoint.GOVERNANCE)
                .forEach(service -> services.answer(prefix(service) + "/actuator/health", 200, JSON, UP));
        services.answer("/governance/actuator/health", 200, "text/html", "<html>hello</html>");

        assertThat(run("status")).isEqualTo(1);

        assertThat(stdout().lines().toList().get(5)).endsWith("DOWN");
    }
}
