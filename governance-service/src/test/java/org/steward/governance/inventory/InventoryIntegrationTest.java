package org.steward.governance.inventory;

import org.junit.jupiter.api.Test;
import org.steward.governance.approval.WorkflowTestSupport;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryIntegrationTest extends WorkflowTestSupport {

    @Test
    void listsEveryModelWithItsChampionStatusReviewDueFindingsAndGates() {
        Version v = submittedVersion(PASSING_INPUTS);
        String report = renderReport(v.model(), 1, v.artifact());
        Map<String, Object> bound = Map.of("artifactSha256", v.artifact(), "reportSha256", report);
        person(someone("vera"), "validator").act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(),
                "reportSha256", report, "findings", List.of(Map.of("severity", "low", "text", "typo in the model card")))).ok();
        person(someone("alex"), "approver").act("approve", v.model(), 1, bound).ok();
        publishRegistry("model.version.status-changed", subject(v.model(), 1), json.createObjectNode().put("model", v.model())
                .put("version", 1).put("from", "approved").put("to", "production").put("artifactSha256", v.artifact()));
        publishRegistry("model.alias.moved", "model/" + v.model(), json.createObjectNode().put("model", v.model())
                .put("alias", "champion").putNull("from").put("to", 1));
        registerVersion(v.model(), 2, v.author().subject());

        String tier3 = registerModel(3, List.of());
        registerVersion(tier3, 1, v.author().subject());
        await(() -> count("select count(*) from catalog_model where name = ? and champion_version = 1", v.model()) == 1
                && count("select count(*) from catalog_version where model = ? and version = 1 and status = 'production'",
                v.model()) == 1, "the champion and its status to be projected");

        Person auditor = person(someone("audrey"), "auditor");
        JsonNode entry = entry(auditor, v.model());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(entry.path("useCase").asString()).isEqualTo("credit");
        assertThat(entry.path("riskTier").asInt()).isEqualTo(1);
        assertThat(entry.path("owner").asString()).isEqualTo("olga");
        assertThat(entry.path("championVersion").asInt()).isEqualTo(1);
        assertThat(entry.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(entry.path("latestVersionStatus").asString()).isEqualTo("dev");
        assertThat(entry.path("latestVersionState").asString()).isEqualTo("dev");
        assertThat(entry.path("lastValidatedOn").asString()).isEqualTo(today.toString());
        assertThat(entry.path("nextReviewDue").asString()).isEqualTo(today.plusYears(1).toString());
        assertThat(entry.path("reviewOverdue").asBoolean()).isFalse();
        assertThat(entry.path("openFindings").path("low").asInt()).isEqualTo(1);
        assertThat(entry.path("openFindings").path("critical").asInt()).isZero();
        assertThat(entry.path("gateStatus").asString()).isEqualTo("not evaluated");

        JsonNode never = entry(auditor, tier3);
        assertThat(never.path("riskTier").asInt()).isEqualTo(3);
        assertThat(never.path("lastValidatedOn").isNull()).isTrue();
        assertThat(never.path("nextReviewDue").isNull()).isTrue();
        assertThat(never.path("championVersion").isNull()).isTrue();

        person(someone("dana"), "data_scientist").get("/api/v1/inventory").problem(403);
    }

    @Test
    void theReviewPeriodPerTierIsConfigurable() {
        String model = registerModel(3, List.of());
        var author = person(someone("dana"), "data_scientist");
        String artifact = registerVersion(model, 1, author.subject());
        insertEvidence(model, 1, artifact, PASSING_INPUTS);
        author.act("submit", model, 1, Map.of("artifactSha256", artifact)).ok();
        String report = renderReport(model, 1, artifact);
        person(someone("vera"), "validator").act("validate", model, 1, Map.of("artifactSha256", artifact, "reportSha256", report)).ok();

        JsonNode entry = entry(person(someone("omar"), "operations"), model);

        assertThat(entry.path("nextReviewDue").asString())
                .as("steward.governance.review.periods.3=P18M in the test configuration")
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusMonths(18).toString());
        assertThat(entry.path("gateStatus").asString()).isEqualTo("passed");
        assertThat(entry.path("latestVersionState").asString()).isEqualTo("validated");
    }

    private static JsonNode entry(Person person, String model) {
        for (JsonNode entry : person.get("/api/v1/inventory").ok().body().path("models")) {
            if (entry.path("model").asString().equals(model)) {
                return entry;
            }
        }
        throw new AssertionError(model + " is not in the inventory");
    }
}
