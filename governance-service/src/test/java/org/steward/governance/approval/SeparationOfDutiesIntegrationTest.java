package org.steward.governance.approval;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Separation of duties and binding, decided from the token's subject: every refusal is a problem detail and an
 * {@code approval.refused} event in the audit chain, although the request that caused it failed.
 */
class SeparationOfDutiesIntegrationTest extends WorkflowTestSupport {

    @Test
    void theAuthorCannotApproveTheirOwnVersionEvenHoldingTheApproverRole() {
        String model = registerModel(1, List.of("age_band"));
        Person author = person(someone("ann"), "data_scientist", "approver");
        String artifact = registerVersion(model, 1, author.subject());
        insertEvidence(model, 1, artifact, PASSING_INPUTS);
        author.act("submit", model, 1, Map.of("artifactSha256", artifact)).ok();
        String report = renderReport(model, 1, artifact);
        person(someone("vera"), "validator").act("validate", model, 1, Map.of("artifactSha256", artifact, "reportSha256", report)).ok();

        Answer refused = author.act("approve", model, 1, Map.of("artifactSha256", artifact, "reportSha256", report)).problem(403);

        assertThat(refused.body().path("title").asString()).isEqualTo("Separation of duties");
        assertThat(refused.detail()).contains(author.subject() + " registered " + model + " version 1 and may not approve it");
        assertRefusalAudited(subject(model, 1), author.subject(), "approve", "Separation of duties");
        assertThat(author.get("/api/v1/approvals/" + model + "/1").body().path("state").asString()).isEqualTo("validated");
    }

    @Test
    void theAuthorCannotValidateTheirOwnVersionEvenHoldingTheValidatorRole() {
        String model = registerModel(1, List.of("age_band"));
        Person author = person(someone("ann"), "data_scientist", "validator");
        String artifact = registerVersion(model, 1, author.subject());
        insertEvidence(model, 1, artifact, PASSING_INPUTS);
        author.act("submit", model, 1, Map.of("artifactSha256", artifact)).ok();
        String report = renderReport(model, 1, artifact);

        Answer refused = author.act("validate", model, 1, Map.of("artifactSha256", artifact, "reportSha256", report)).problem(403);

        assertThat(refused.detail()).contains("the author of a version can never validate or approve it");
        assertRefusalAudited(subject(model, 1), author.subject(), "validate", "Separation of duties");
    }

    @Test
    void theValidatorOfAVersionCannotAlsoApproveIt() {
        Version v = submittedVersion(PASSING_INPUTS);
        String report = renderReport(v.model(), 1, v.artifact());
        Person both = person(someone("val"), "validator", "approver");
        Map<String, String> bound = Map.of("artifactSha256", v.artifact(), "reportSha256", report);
        both.act("validate", v.model(), 1, bound).ok();

        Answer refused = both.act("approve", v.model(), 1, bound).problem(403);

        assertThat(refused.detail()).contains(both.subject() + " validated " + v.model() + " version 1 and may not approve it");
        assertRefusalAudited(v.subject(), both.subject(), "approve", "Separation of duties");
        person(someone("alex"), "approver").act("approve", v.model(), 1, bound).ok();
    }

    @Test
    void onlyTheAuthorSubmitsAndOnlyTheRightRolesActEachRefusalAudited() {
        Version v = registeredVersion(PASSING_INPUTS);
        Person colleague = person(someone("dan"), "data_scientist");

        Answer notAuthor = colleague.act("submit", v.model(), 1, Map.of("artifactSha256", v.artifact())).problem(403);
        assertThat(notAuthor.body().path("title").asString()).isEqualTo("Not the author");
        assertThat(notAuthor.detail()).contains("only the author of " + v.model() + " version 1 (" + v.author().subject() + ")");

        v.author().act("submit", v.model(), 1, Map.of("artifactSha256", v.artifact())).ok();
        String report = renderReport(v.model(), 1, v.artifact());
        Answer wrongRole = colleague.act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", report))
                .problem(403);
        assertThat(wrongRole.body().path("title").asString()).isEqualTo("Role required");
        assertThat(wrongRole.detail()).contains("only a validator may validate");

        List<JsonNode> refusals = awaitAudit(v.subject(), "approval.refused", 2);
        assertThat(refusals).extracting(r -> r.path("after").path("attempted").asString()).containsExactly("submit", "validate");
        assertThat(refusals).extracting(r -> r.path("actor").asString()).containsOnly(colleague.subject());
    }

    @Test
    void anApprovalAfterTheReportChangedIsRefusedUntilTheVersionIsValidatedAgain() {
        Version v = submittedVersion(PASSING_INPUTS);
        String first = renderReport(v.model(), 1, v.artifact());
        Person validator = person(someone("vera"), "validator");
        Person approver = person(someone("alex"), "approver");
        validator.act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", first)).ok();
        String rerendered = renderReport(v.model(), 1, v.artifact());
        assertThat(rerendered).as("a re-render from the same evidence voids nothing").isNotEqualTo(first);
        insertEvidence(v.model(), 1, v.artifact(), PASSING_INPUTS);
        String second = renderReport(v.model(), 1, v.artifact());

        Answer onOldReport = approver.act("approve", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", first))
                .problem(409);
        assertThat(onOldReport.body().path("title").asString()).isEqualTo("Stale validation report");
        assertThat(onOldReport.detail()).contains("the latest report of " + v.model() + " version 1 is " + second);

        Answer onNewReport = approver.act("approve", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", second))
                .problem(409);
        assertThat(onNewReport.detail()).contains("the validation by " + validator.subject() + " no longer counts")
                .contains("bound to validation report " + first).contains("must be validated again");

        List<JsonNode> refusals = awaitAudit(v.subject(), "approval.refused", 2);
        assertThat(refusals).extracting(r -> r.path("after").path("refusal").asString())
                .containsExactly("Stale validation report", "Act not allowed now");
        assertThat(refusals.getFirst().path("after").path("reportSha256").asString()).isEqualTo(first);

        validator.act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", second)).ok();
        JsonNode approved = approver.act("approve", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", second))
                .ok().body();
        assertThat(approved.path("state").asString()).isEqualTo("approved");
        assertThat(approved.path("acts")).extracting(a -> a.path("counts").asBoolean()).containsExactly(true, false, true, true);
        assertThat(awaitGovernanceEvents(v.subject(), 4)).extracting(e -> e.type())
                .containsExactly("approval.submitted", "validation.granted", "validation.renewed", "approval.granted");
    }

    @Test
    void anApprovalAfterTheArtifactChangedIsRefused() {
        Version v = submittedVersion(PASSING_INPUTS);
        String report = renderReport(v.model(), 1, v.artifact());
        person(someone("vera"), "validator").act("validate", v.model(), 1,
                Map.of("artifactSha256", v.artifact(), "reportSha256", report)).ok();
        String replaced = randomSha256();
        var changed = json.createObjectNode().put("model", v.model()).put("version", 1).put("from", "submitted")
                .put("to", "validated").put("artifactSha256", replaced).put("actor", "system").putNull("reason");
        publishRegistry("model.version.status-changed", v.subject(), changed);
        await(() -> count("select count(*) from catalog_version where model = ? and artifact_sha256 = '" + replaced + "'",
                v.model()) == 1, "the catalog to see the new artifact");
        Person approver = person(someone("alex"), "approver");

        Answer onOldArtifact = approver.act("approve", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", report))
                .problem(409);
        Answer onNewArtifact = approver.act("approve", v.model(), 1, Map.of("artifactSha256", replaced, "reportSha256", report))
                .problem(409);

        assertThat(onOldArtifact.detail()).contains(v.model() + " version 1 is now artifact " + replaced);
        assertThat(onNewArtifact.detail()).contains("no PDF validation report has been rendered for the current artifact");
        JsonNode view = approver.get("/api/v1/approvals/" + v.model() + "/1").ok().body();
        assertThat(view.path("acts")).allSatisfy(a -> assertThat(a.path("why").asString()).contains("bound to artifact " + v.artifact()));
        List<JsonNode> refusals = awaitAudit(v.subject(), "approval.refused", 2);
        assertThat(refusals).extracting(r -> r.path("after").path("artifactSha256").asString()).containsExactly(v.artifact(), replaced);
    }

    @Test
    void malformedRequestsAreRefusedBeforeAnyAct() {
        Version v = registeredVersion(PASSING_INPUTS);
        assertThat(v.author().act("submit", v.model(), 1, Map.of("artifactSha256", "abc")).problem(400).detail())
                .contains("artifactSha256 must be the SHA-256 you reviewed");
        assertThat(v.author().act("submit", v.model(), 7, Map.of("artifactSha256", v.artifact())).problem(404).detail())
                .contains("no version 7 of model '" + v.model() + "'");
    }

    private void assertRefusalAudited(String subject, String actor, String attempted, String refusal) {
        JsonNode audited = awaitAudit(subject, "approval.refused", 1).getLast();
        assertThat(audited.path("actor").asString()).isEqualTo(actor);
        assertThat(audited.path("after").path("attempted").asString()).isEqualTo(attempted);
        assertThat(audited.path("after").path("refusal").asString()).isEqualTo(refusal);
        assertThat(audited.path("reason").asString()).isNotBlank();
    }
}
