package org.steward.governance.approval;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each role's queue holds what awaits it, for the caller, and never a version the caller may not act on. */
class ApprovalQueuesIntegrationTest extends WorkflowTestSupport {

    @Test
    void eachRoleSeesWhatAwaitsItAndNothingItMayNotActOn() {
        Person author = person(someone("dana"), "data_scientist", "validator");
        String draft = registerModel(2, List.of("age_band"));
        registerVersion(draft, 1, author.subject());

        String own = registerModel(2, List.of("age_band"));
        String ownArtifact = registerVersion(own, 1, author.subject());
        insertEvidence(own, 1, ownArtifact, PASSING_INPUTS);
        author.act("submit", own, 1, Map.of("artifactSha256", ownArtifact)).ok();

        Version toValidate = submittedVersion(PASSING_INPUTS);
        Version toApprove = submittedVersion(PASSING_INPUTS);
        String report = renderReport(toApprove.model(), 1, toApprove.artifact());
        Person validatorApprover = person(someone("val"), "validator", "approver");
        validatorApprover.act("validate", toApprove.model(), 1, Map.of("artifactSha256", toApprove.artifact(), "reportSha256", report)).ok();
        Version unfair = submittedVersion(UNFAIR_TO_AGE);

        assertThat(queue(author, "author")).containsExactly(draft + " 1 submit");
        assertThat(queue(author, "validator")).contains(toValidate.model() + " 1 validate", unfair.model() + " 1 validate")
                .doesNotContain(own + " 1 validate");
        Person approver = person(someone("alex"), "approver");
        assertThat(queue(approver, "approver")).contains(toApprove.model() + " 1 approve", unfair.model() + " 1 exception")
                .doesNotContain(toValidate.model() + " 1 exception");
        assertThat(queue(validatorApprover, "approver")).doesNotContain(toApprove.model() + " 1 approve");

        JsonNode item = item(approver, "approver", unfair.model());
        assertThat(item.path("failingGates")).extracting(JsonNode::asString).containsExactly("disparate-impact (age_band)");
        assertThat(item.path("author").asString()).isEqualTo(unfair.author().subject());

        assertThat(author.get("/api/v1/approvals?role=approver").problem(403).detail()).contains("the approver queue is for approvers");
        assertThat(author.get("/api/v1/approvals?role=owner").problem(400).detail()).contains("role must be validator, approver or author");
    }

    private List<String> queue(Person person, String role) {
        List<String> items = new ArrayList<>();
        person.get("/api/v1/approvals?role=" + role).ok().body().path("items").forEach(i ->
                items.add(i.path("model").asString() + " " + i.path("version").asInt() + " " + i.path("awaiting").asString()));
        return items;
    }

    private JsonNode item(Person person, String role, String model) {
        for (JsonNode i : person.get("/api/v1/approvals?role=" + role).ok().body().path("items")) {
            if (i.path("model").asString().equals(model)) {
                return i;
            }
        }
        throw new AssertionError(model + " is not in the " + role + " queue");
    }
}
