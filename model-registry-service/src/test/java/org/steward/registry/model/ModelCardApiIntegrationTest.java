package org.steward.registry.model;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.commons.event.Topics;
import org.steward.registry.RegistryClient;
import org.steward.registry.RegistryClient.Answer;
import org.steward.registry.RegistryIntegrationTest;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The model card through the API: registration with it, merge-patch changes by whom may, each audited with before and after. */
@RegistryIntegrationTest
class ModelCardApiIntegrationTest {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    RegistryClient registry;

    @BeforeEach
    void client() {
        registry = new RegistryClient(port, jdbc, json);
    }

    @Test
    void registersAModelWithItsCardAndShowsItBesideTheModel() {
        String name = "card-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = registry.exchange(registry.as(DemoIdentity.DANA).post().uri("/api/v1/models")
                .contentType(MediaType.APPLICATION_JSON).body("""
                        {"name": "%s", "useCase": "credit", "riskTier": 1, "owner": "dana",
                         "intendedUse": "Retail consumer loans", "limitations": "Not for SME lending",
                         "protectedAttributes": ["age", "personal_status_sex"],
                         "decisionPolicy": {"cutOffs": [{"upTo": 0.1, "decision": "approve"}, {"upTo": 0.3, "decision": "refer"},
                                                        {"upTo": 1, "decision": "decline"}]},
                         "reasonCodes": {"checking_account": "Status of existing checking account"},
                         "kpis": [{"name": "approval_rate", "kind": "approval_rate", "params": {"min": 0.55}}]}
                        """.formatted(name)));

        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        JsonNode model = registry.as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{n}", name).retrieve().body(JsonNode.class);
        assertThat(model.get("intendedUse").asString()).isEqualTo("Retail consumer loans");
        assertThat(model.get("protectedAttributes").valueStream().map(JsonNode::asString)).containsExactly("age", "personal_status_sex");
        assertThat(model.get("decisionPolicy").get("cutOffs").get(1).get("decision").asString()).isEqualTo("refer");
        assertThat(model.get("reasonCodes").get("checking_account").asString()).isEqualTo("Status of existing checking account");
        assertThat(model.get("kpis").get(0).get("kind").asString()).isEqualTo("approval_rate");
        assertThat(model.has("card")).as("the card's fields sit beside the model's").isFalse();

        Answer invalid = registry.exchange(registry.as(DemoIdentity.DANA).post().uri("/api/v1/models")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name + "-x", "useCase", "credit", "riskTier", 1,
                        "owner", "dana", "protectedAttributes", List.of("age"), "reasonCodes", Map.of("age", "Your age"))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("detail").asString()).contains("'age' is a protected attribute");
    }

    @Test
    void theOwnerAndEngineersChangeTheCardByMergePatchEachChangeAudited() {
        String name = registry.registerModel("patch");

        Answer first = patch(registry.as(DemoIdentity.DANA), name, """
                {"intendedUse": "Consumer loans", "protectedAttributes": ["age"],
                 "decisionPolicy": {"cutOffs": [{"upTo": 0.2, "decision": "approve"}, {"upTo": 1, "decision": "decline"}]},
                 "reasonCodes": {"duration": "Duration of the credit", "checking_account": "Status of existing checking account"}}""");
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
        assertThat(first.body().get("updatedBy").asString()).isEqualTo("dana");

        Answer second = patch(registry.as(DemoIdentity.ELI), name, """
                {"reasonCodes": {"duration": null}, "limitations": "Applicants over 18 only",
                 "kpis": [{"name": "loss", "kind": "expected_loss", "params": {"lgd": 0.45, "exposure": "credit_amount"}}]}""");
        assertThat(second.status()).isEqualTo(200);
        JsonNode model = second.body();
        assertThat(model.get("intendedUse").asString()).as("untouched members stay").isEqualTo("Consumer loans");
        assertThat(model.get("reasonCodes").propertyNames()).containsExactly("checking_account");
        assertThat(model.get("kpis").get(0).get("params").get("lgd").asDouble()).isEqualTo(0.45);

        List<JsonNode> audited = registry.events(Topics.AUDIT, "model/" + name, "model.updated");
        assertThat(audited).hasSize(2);
        assertThat(audited.get(0).get("actor").asString()).isEqualTo("dana");
        assertThat(audited.get(0).get("before").get("decisionPolicy").isNull()).isTrue();
        assertThat(audited.get(0).get("after").get("decisionPolicy").get("cutOffs").size()).isEqualTo(2);
        assertThat(audited.get(1).get("actor").asString()).isEqualTo("eli");
        assertThat(audited.get(1).get("before").get("reasonCodes").has("duration")).isTrue();
        assertThat(audited.get(1).get("after").get("reasonCodes").has("duration")).isFalse();
        assertThat(registry.events(Topics.REGISTRY, "model/" + name, "model.updated")).hasSize(2)
                .last().satisfies(e -> assertThat(e.get("limitations").asString()).isEqualTo("Applicants over 18 only"));

        assertThat(patch(registry.as(DemoIdentity.DANA), name, "{\"limitations\": \"Applicants over 18 only\"}").status())
                .isEqualTo(200);
        assertThat(registry.events(Topics.AUDIT, "model/" + name, "model.updated")).as("no change, no record").hasSize(2);
    }

    @Test
    void refusesChangesFromOthersAndChangesThatBreakTheCard() {
        String name = registry.registerModel("refused");

        Answer otherScientist = patch(registry.as("sam", "data_scientist"), name, "{\"intendedUse\": \"anything\"}");
        assertThat(otherScientist.status()).isEqualTo(403);
        assertThat(otherScientist.body().get("detail").asString()).contains("only the model's owner (dana)");

        Answer gap = patch(registry.as(DemoIdentity.DANA), name,
                "{\"decisionPolicy\": {\"cutOffs\": [{\"upTo\": 0.5, \"decision\": \"decline\"}, {\"upTo\": 0.9, \"decision\": \"approve\"}]}}");
        assertThat(gap.status()).isEqualTo(400);
        assertThat(gap.body().get("detail").asString())
                .contains("decisionPolicy.cutOffs[1] gives 'approve' to riskier applicants")
                .contains("the last cut-off must have upTo 1");

        Answer fixed = patch(registry.as(DemoIdentity.ADA), name, "{\"riskTier\": 3, \"owner\": \"ada\"}");
        assertThat(fixed.status()).isEqualTo(400);
        assertThat(fixed.body().get("detail").asString()).contains("cannot change owner, riskTier").contains("fixed at registration");

        Answer unknownKind = patch(registry.as(DemoIdentity.DANA), name, "{\"kpis\": [{\"name\": \"x\", \"kind\": \"profit\"}]}");
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.body().get("detail").asString()).contains("kind must be one of approval_rate");

        assertThat(patch(registry.as(DemoIdentity.DANA), "no-such-model", "{\"intendedUse\": \"x\"}").status()).isEqualTo(404);
        assertThat(registry.events(Topics.AUDIT, "model/" + name, "model.updated")).isEmpty();
    }

    private Answer patch(RestClient client, String name, String body) {
        return registry.exchange(client.patch().uri("/api/v1/models/{n}", name).contentType(MERGE_PATCH).body(body));
    }
}
