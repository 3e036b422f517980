package org.steward.featurestore.definition;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Applying definitions through the API, against a real PostgreSQL: versions, offline tables, audit, refusals. */
@RealInfrastructure
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=feature-store", "steward.service.schema=feature_store_definitions_it"})
class DefinitionApiIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void appliesADocumentThenVersionsOnlyWhatChanged() {
        String document = DefinitionPlannerTest.DOCUMENT.replace("customer_profile", "profile_a").replace("credit_scorecard", "scorecard_a");
        var dryRun = apply(document, true);
        assertThat(dryRun.get("status")).isEqualTo(200);
        assertThat(count("select count(*) from definition where name = 'profile_a'")).isZero();

        var created = apply(document, false);
        assertThat(created.get("status")).isEqualTo(201);
        JsonNode plan = json.readTree((String) created.get("body"));
        assertThat(plan.get("changesAnything").asBoolean()).isTrue();
        assertThat(count("select count(*) from information_schema.tables where table_schema = 'feature_store_definitions_it' "
                + "and table_name = 'offline_profile_a_v1'")).isEqualTo(1);
        assertThat(count("select count(*) from steward_outbox where topic = 'steward.audit' and event_key = 'feature-view/profile_a@1'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from steward_outbox where topic = 'steward.features' and event_key = 'feature-service/scorecard_a@1'"))
                .isEqualTo(1);

        assertThat(apply(document, false).get("status")).as("unchanged").isEqualTo(200);

        var changed = apply(document.replace("ttl: 365d", "ttl: 90d"), false);
        assertThat(changed.get("status")).isEqualTo(201);
        JsonNode versions = as(DemoIdentity.AUDREY).get().uri("/api/v1/feature-views/profile_a/versions").retrieve().body(JsonNode.class);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).get("ttl").asString()).isEqualTo("90d");
        JsonNode latest = as(DemoIdentity.AUDREY).get().uri("/api/v1/definitions").retrieve().body(JsonNode.class);
        assertThat(latest.toString()).contains("profile_a@2:age");
    }

    @Test
    void refusesBadDocumentsWithEveryProblemAndWrongRoles() {
        var notYaml = apply("entities: [\n  - {name: x", false);
        assertThat(notYaml.get("status")).isEqualTo(400);
        assertThat((String) notYaml.get("body")).contains("not valid YAML");

        var invalid = apply("featureViews: [{name: Bad, entities: [ghost], features: []}]", false);
        assertThat(invalid.get("status")).isEqualTo(422);
        assertThat((String) invalid.get("body")).contains("featureViews[0].name").contains("featureViews[0].features")
                .contains("Invalid definitions");

        var auditor = as(DemoIdentity.AUDREY).post().uri("/api/v1/definitions").contentType(MediaType.parseMediaType("application/yaml"))
                .body(DefinitionPlannerTest.DOCUMENT).exchange((req, res) -> res.getStatusCode().value());
        assertThat(auditor).isEqualTo(403);
        var missing = as(DemoIdentity.DANA).get().uri("/api/v1/feature-views/nope/versions")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(missing).isEqualTo(404);
    }

    private Map<String, Object> apply(String yaml, boolean dryRun) {
        return as(DemoIdentity.DANA).post().uri("/api/v1/definitions?dryRun={d}", dryRun)
                .contentType(MediaType.parseMediaType("application/yaml")).body(yaml)
                .exchange((req, res) -> Map.of("status", res.getStatusCode().value(), "body", new String(res.getBody().readAllBytes())));
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private RestClient as(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + RealInfrastructureExtension.issuer().issuer().issue(identity))
                .build();
    }
}
