package org.steward.governance.policy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.steward.commons.event.CloudEvent;
import org.steward.governance.approval.GovernanceFacts;
import org.steward.governance.approval.WorkflowTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Gates per risk tier as data, evaluated at submission, blocking validation unless an approver records an exception. */
class PolicyGatesIntegrationTest extends WorkflowTestSupport {

    @Autowired
    GovernanceFacts facts;

    @Test
    void aModelFailingTheDisparateImpactGateIsValidatedOnlyWithAnExceptionWhichShowsEverywhere() {
        Version v = submittedVersion(UNFAIR_TO_AGE);
        String report = renderReport(v.model(), 1, v.artifact());
        Person validator = person(someone("vera"), "validator");
        Person approver = person(someone("alex"), "approver");
        Map<String, String> bound = Map.of("artifactSha256", v.artifact(), "reportSha256", report);

        Answer blocked = validator.act("validate", v.model(), 1, bound).problem(422);
        assertThat(blocked.body().path("title").asString()).isEqualTo("Failing policy gates");
        assertThat(blocked.detail()).contains("disparate-impact (age_band): disparate-impact ratio for 'age_band' 0.62 is below "
                + "the minimum 0.8").contains("steward exception " + v.model() + " 1 --gate GATE");
        assertThat(awaitAudit(v.subject(), "approval.refused", 1).getFirst().path("after").path("refusal").asString())
                .isEqualTo("Failing policy gates");

        String expires = LocalDate.now(ZoneOffset.UTC).plusDays(90).toString();
        Map<String, String> exception = Map.of("artifactSha256", v.artifact(), "gate", "disparate-impact",
                "reason", "age bands reflect a lending regulation; reviewed with compliance", "expiresOn", expires);
        validator.post(path(v, "exceptions"), exception).problem(403);
        v.author().post(path(v, "exceptions"), exception).problem(403);
        JsonNode granted = approver.post(path(v, "exceptions"), exception).ok().body();
        assertThat(granted.path("exceptions").get(0).path("active").asBoolean()).isTrue();
        assertThat(granted.path("gates")).filteredOn(g -> g.path("attribute").asString("").equals("age_band"))
                .singleElement().satisfies(g -> assertThat(g.path("excepted").asBoolean()).isTrue());

        JsonNode validated = validator.act("validate", v.model(), 1, bound).ok().body();
        assertThat(validated.path("state").asString()).isEqualTo("validated");

        JsonNode entry = inventoryEntry(v.model());
        assertThat(entry.path("gateStatus").asString()).isEqualTo("excepted");
        assertThat(entry.path("activeExceptions").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(entry.path("activeExceptions").get(0).path("exception").path("gate").asString()).isEqualTo("disparate-impact");
        assertThat(entry.path("activeExceptions").get(0).path("exception").path("grantedBy").asString()).isEqualTo(approver.subject());

        JsonNode audited = awaitAudit(v.subject(), "policy.exception.granted", 1).getFirst();
        assertThat(audited.path("actor").asString()).isEqualTo(approver.subject());
        assertThat(audited.path("reason").asString()).startsWith("age bands reflect");
        assertThat(audited.path("after").path("expiresOn").asString()).isEqualTo(expires);
        assertThat(awaitGovernanceEvents(v.subject(), 3)).extracting(CloudEvent::type)
                .containsExactly("approval.submitted", "policy.exception.granted", "validation.granted");
        assertThat(facts.exceptions(v.model(), 1)).singleElement().satisfies(e -> assertThat(e.active()).isTrue());
        assertThat(facts.gates(v.model(), 1)).filteredOn(g -> !g.passed()).singleElement()
                .satisfies(g -> assertThat(g.excepted()).isTrue());
    }

    @Test
    void anExceptionIsRecordedOnlyForAFailingGateAndForALimitedTime() {
        Version v = submittedVersion(UNFAIR_TO_AGE);
        Person approver = person(someone("alex"), "approver");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        assertThat(approver.post(path(v, "exceptions"), Map.of("artifactSha256", v.artifact(), "gate", "gini-out-of-time",
                "reason", "r", "expiresOn", today.plusDays(30).toString())).problem(409).detail()).contains("passes");
        assertThat(approver.post(path(v, "exceptions"), Map.of("artifactSha256", v.artifact(), "gate", "disparate-impact",
                "reason", "r", "expiresOn", today.plusDays(400).toString())).problem(422).detail()).contains("within 365 days");
        assertThat(approver.post(path(v, "exceptions"), Map.of("artifactSha256", v.artifact(), "gate", "evidence",
                "reason", "r", "expiresOn", today.plusDays(30).toString())).problem(400).detail()).contains("gate must be one of");
        assertThat(awaitAudit(v.subject(), "approval.refused", 2)).extracting(r -> r.path("after").path("attempted").asString())
                .containsOnly("exception");
    }

    @Test
    void theGatesAreDataPerTierChangedAsAWholeAndAudited() {
        Person admin = person(someone("ada"), "admin");
        JsonNode original = admin.get("/api/v1/policy/gates").ok().body();
        assertThat(original.path("gates")).hasSize(18);
        assertThat(original.path("gates")).filteredOn(g -> g.path("riskTier").asInt() == 1 && g.path("gate").asString().equals("gini-out-of-time"))
                .singleElement().satisfies(g -> assertThat(g.path("threshold").asDouble()).isEqualTo(0.40));

        ObjectNode stricter = (ObjectNode) original.deepCopy();
        stricter.put("reason", "raise the tier-3 Gini floor");
        for (JsonNode g : stricter.path("gates")) {
            if (g.path("riskTier").asInt() == 3 && g.path("gate").asString().equals("gini-out-of-time")) {
                ((ObjectNode) g).put("threshold", 0.5);
            }
        }
        person(someone("vera"), "validator").put("/api/v1/policy/gates", stricter).problem(403);
        ObjectNode incomplete = (ObjectNode) original.deepCopy();
        ((ArrayNode) incomplete.path("gates")).remove(0);
        assertThat(admin.put("/api/v1/policy/gates", incomplete).problem(400).detail()).contains("tier 1 gini-out-of-time: missing");
        try {
            admin.put("/api/v1/policy/gates", stricter).ok();
            String model = registerModel(3, List.of());
            Person author = person(someone("dana"), "data_scientist");
            String artifact = registerVersion(model, 1, author.subject());
            insertEvidence(model, 1, artifact, PASSING_INPUTS);
            JsonNode submitted = author.act("submit", model, 1, Map.of("artifactSha256", artifact)).ok().body();
            assertThat(submitted.path("gates")).filteredOn(g -> g.path("name").asString().equals("gini-out-of-time"))
                    .singleElement().satisfies(g -> {
                        assertThat(g.path("passed").asBoolean()).isFalse();
                        assertThat(g.path("threshold").asDouble()).isEqualTo(0.5);
                    });
            assertThat(submitted.path("gates")).extracting(g -> g.path("name").asString()).doesNotContain("calibration");
        } finally {
            admin.put("/api/v1/policy/gates", original).ok();
        }
        List<JsonNode> changes = awaitAudit(PolicyService.GATES_SUBJECT, "policy.gates.changed", 2);
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.path("actor").asString()).isEqualTo(admin.subject());
            assertThat(c.path("reason").asString()).isEqualTo("raise the tier-3 Gini floor");
            assertThat(c.path("before").toString()).contains("\"threshold\":0.2");
            assertThat(c.path("after").toString()).contains("\"threshold\":0.5");
        });
    }

    @Test
    void withoutEvidenceTheEvidenceGateFailsAndBlocksValidation() {
        String model = registerModel(2, List.of("age_band"));
        Person author = person(someone("dana"), "data_scientist");
        String artifact = registerVersion(model, 1, author.subject());

        JsonNode submitted = author.act("submit", model, 1, Map.of("artifactSha256", artifact)).ok().body();

        assertThat(submitted.path("gates").get(0).path("name").asString()).isEqualTo("evidence");
        assertThat(submitted.path("gates").get(0).path("passed").asBoolean()).isFalse();
        assertThat(submitted.path("gates").get(0).path("message").asString()).contains("evidence");
        assertThat(submitted.path("blockers")).isNotEmpty();
    }

    private JsonNode inventoryEntry(String model) {
        for (JsonNode entry : person(someone("audrey"), "auditor").get("/api/v1/inventory").ok().body().path("models")) {
            if (entry.path("model").asString().equals(model)) {
                return entry;
            }
        }
        throw new AssertionError(model + " is not in the inventory");
    }

    private static String path(Version v, String what) {
        return "/api/v1/approvals/" + v.model() + "/" + v.version() + "/" + what;
    }
}
