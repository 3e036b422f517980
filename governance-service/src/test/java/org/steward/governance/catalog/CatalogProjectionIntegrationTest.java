package org.steward.governance.catalog;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.governance.approval.WorkflowTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog follows steward.registry once per event, and asks the registry's API for what has not arrived yet. */
class CatalogProjectionIntegrationTest extends WorkflowTestSupport {

    @Autowired
    CatalogRepository catalog;

    @Test
    void projectsModelsVersionsStatusesAndTheChampionOnceEach() {
        String model = registerModel(2, List.of("age_band"));
        ObjectNode updated = modelDocument(model, 2, List.of("age_band", "personal_status_and_sex"));
        updated.put("updatedAt", Instant.now().toString());
        CloudEvent update = CloudEvent.of("/model-registry", "model.updated", "model/" + model, Instant.now(), updated);
        publish(update);
        publish(update);
        String artifact = registerVersion(model, 1, "dana");
        send(new ProducerRecord<>(Topics.REGISTRY, "model/" + model, "{not an event"));
        publishRegistry("model.version.status-changed", subject(model, 1), json.createObjectNode().put("model", model)
                .put("version", 1).put("from", "submitted").put("to", "validated").put("artifactSha256", artifact));
        publishRegistry("model.alias.moved", "model/" + model, json.createObjectNode().put("model", model)
                .put("alias", "challenger").putNull("from").put("to", 1));
        publishRegistry("model.alias.moved", "model/" + model, json.createObjectNode().put("model", model)
                .put("alias", "champion").putNull("from").put("to", 1));

        await(() -> catalog.model(model).map(m -> m.championVersion() != null).orElse(false)
                && catalog.version(model, 1).map(v -> v.validatedAt() != null).orElse(false), "the events to be applied");
        CatalogModel m = catalog.model(model).orElseThrow();
        assertThat(m.protectedAttributes()).containsExactly("age_band", "personal_status_and_sex");
        assertThat(m.riskTier()).isEqualTo(2);
        assertThat(m.useCase()).isEqualTo("credit");
        assertThat(m.owner()).isEqualTo("olga");
        assertThat(m.reasonCodes()).containsEntry("duration", "Duration of the loan");
        assertThat(m.championVersion()).isEqualTo(1);
        CatalogVersion v = catalog.version(model, 1).orElseThrow();
        assertThat(v.registeredBy()).isEqualTo("dana");
        assertThat(v.artifactSha256()).isEqualTo(artifact);
        assertThat(v.status()).isEqualTo("validated");
        assertThat(v.format()).isEqualTo("xgboost_json");
        assertThat(json.readTree(v.metrics()).path("auc").asDouble()).isEqualTo(0.78);
        assertThat(json.readTree(v.lineage()).path("trainingSet").path("id").asString()).isEqualTo("ts-1");
        assertThat(count("select count(*) from steward_processed_event where consumer = 'governance.catalog' and event_id = ?",
                update.id())).isEqualTo(1);
    }

    @Test
    void anOlderCopyOfAModelNeverOverwritesANewerOne() {
        String model = registerModel(1, List.of("age_band"));
        ObjectNode newer = modelDocument(model, 1, List.of("age_band", "marital_status"));
        newer.put("updatedAt", Instant.now().plusSeconds(60).toString());
        ObjectNode older = modelDocument(model, 1, List.of());
        older.put("updatedAt", Instant.now().toString());
        publishRegistry("model.updated", "model/" + model, newer);
        publishRegistry("model.updated", "model/" + model, older);
        publishRegistry("model.alias.moved", "model/" + model, json.createObjectNode().put("model", model)
                .put("alias", "champion").putNull("from").put("to", 7));

        await(() -> catalog.model(model).map(m -> Integer.valueOf(7).equals(m.championVersion())).orElse(false),
                "the events of the model, in their order, to be applied");
        assertThat(catalog.model(model).orElseThrow().protectedAttributes()).containsExactly("age_band", "marital_status");
    }

    @Test
    void asksTheRegistryForAVersionWhoseEventsHaveNotArrived() {
        String model = "m-rest-" + Long.toHexString(System.nanoTime());
        String artifact = randomSha256();
        serveFromRegistry("/api/v1/models/" + model, modelDocument(model, 1, List.of("age_band")));
        serveFromRegistry("/api/v1/models/" + model + "/versions/1", versionDocument(model, 1, "dana", artifact));
        Person auditor = person(someone("audrey"), "auditor");

        JsonNode view = auditor.get("/api/v1/approvals/" + model + "/1").ok().body();

        assertThat(view.path("author").asString()).isEqualTo("dana");
        assertThat(view.path("artifactSha256").asString()).isEqualTo(artifact);
        assertThat(view.path("state").asString()).isEqualTo("dev");
        assertThat(view.path("riskTier").asInt()).isEqualTo(1);
        assertThat(catalog.version(model, 1)).isPresent();
        assertThat(auditor.get("/api/v1/approvals/" + model + "/2").problem(404).detail())
                .contains("the model registry has no version 2 of model '" + model + "'");
    }
}
