package org.steward.governance.approval;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.steward.commons.event.CloudEvent;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The workflow from submission to approval: the events the registry applies, the audit trail and the facts. */
class ApprovalWorkflowIntegrationTest extends WorkflowTestSupport {

    @Autowired
    GovernanceFacts facts;

    @Test
    void theHappyPathEmitsTheAgreedGovernanceEventsAndAuditsEveryAct() {
        Version v = registeredVersion(PASSING_INPUTS);
        JsonNode submitted = v.author().act("submit", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reason", "ready")).ok().body();
        assertThat(submitted.path("state").asString()).isEqualTo("submitted");
        assertThat(submitted.path("awaiting").asString()).isEqualTo("validate");
        assertThat(submitted.path("gates")).extracting(g -> g.path("passed").asBoolean()).containsOnly(true);

        String report = renderReport(v.model(), 1, v.artifact());
        Person validator = person(someone("vera"), "validator");
        validator.act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", report,
                "findings", List.of(Map.of("severity", "medium", "text", "document the reject inference")))).ok();
        Person approver = person(someone("alex"), "approver");
        JsonNode approved = approver.act("approve", v.model(), 1,
                Map.of("artifactSha256", v.artifact(), "reportSha256", report, "reason", "fit for production")).ok().body();
        assertThat(approved.path("state").asString()).isEqualTo("approved");
        assertThat(approved.path("awaiting").isNull()).isTrue();

        List<CloudEvent> events = awaitGovernanceEvents(v.subject(), 3);
        assertThat(events).extracting(CloudEvent::type).containsExactly("approval.submitted", "validation.granted", "approval.granted");
        assertThat(events).extracting(CloudEvent::source).containsOnly("/governance");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(v.subject());
            assertThat(e.data().path("model").asString()).isEqualTo(v.model());
            assertThat(e.data().path("version").asInt()).isEqualTo(1);
            assertThat(e.data().path("artifactSha256").asString()).isEqualTo(v.artifact());
            assertThat(e.data().has("reason")).isTrue();
        });
        assertThat(events).extracting(e -> e.data().path("actor").asString())
                .containsExactly(v.author().subject(), validator.subject(), approver.subject());
        assertThat(events.get(0).data().path("reason").asString()).isEqualTo("ready");
        assertThat(events.get(1).data().path("reportSha256").asString()).isEqualTo(report);
        assertThat(events.get(1).data().path("findings").get(0).path("severity").asString()).isEqualTo("medium");
        assertThat(events.get(1).data().path("findings").get(0).path("owner").asString()).isEqualTo("olga");
        assertThat(events.get(2).data().path("reason").asString()).isEqualTo("fit for production");

        for (String action : List.of("approval.submitted", "validation.granted", "approval.granted")) {
            assertThat(awaitAudit(v.subject(), action, 1).getFirst().path("after").path("artifactSha256").asString())
                    .isEqualTo(v.artifact());
        }
        assertThat(facts.acts(v.model(), 1)).extracting(GovernanceFacts.ActView::act, GovernanceFacts.ActView::counts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("submit", true),
                        org.assertj.core.groups.Tuple.tuple("validate", true), org.assertj.core.groups.Tuple.tuple("approve", true));
        assertThat(facts.gates(v.model(), 1)).isNotEmpty().allMatch(GovernanceFacts.GateResultView::passed);
        assertThat(facts.findings(v.model(), 1)).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo("open");
            assertThat(f.raisedBy()).isEqualTo(validator.subject());
            assertThat(f.dueOn()).isNotNull();
        });
        assertThat(facts.exceptions(v.model(), 1)).isEmpty();
    }

    @Test
    void openHighFindingsBlockApprovalUntilAValidatorResolvesThem() {
        Version v = submittedVersion(PASSING_INPUTS);
        String report = renderReport(v.model(), 1, v.artifact());
        Person validator = person(someone("vera"), "validator");
        Map<String, Object> bound = Map.of("artifactSha256", v.artifact(), "reportSha256", report);
        JsonNode validated = validator.act("validate", v.model(), 1, Map.of("artifactSha256", v.artifact(), "reportSha256", report,
                "findings", List.of(Map.of("severity", "high", "text", "no monitoring plan", "owner", "olga",
                        "dueOn", "2031-01-31")))).ok().body();
        String finding = validated.path("findings").get(0).path("id").asString();
        assertThat(validated.path("blockers").get(0).asString()).contains("open high finding").contains("no monitoring plan");
        Person approver = person(someone("alex"), "approver");

        Answer blocked = approver.act("approve", v.model(), 1, bound).problem(422);
        assertThat(blocked.body().path("title").asString()).isEqualTo("Open findings");
        v.author().patch("/api/v1/approvals/" + v.model() + "/1/findings/" + finding,
                Map.of("status", "resolved", "resolution", "I fixed it myself")).problem(403);
        validator.patch("/api/v1/approvals/" + v.model() + "/1/findings/" + finding,
                Map.of("status", "resolved", "resolution", "monitoring plan attached")).ok();
        approver.act("approve", v.model(), 1, bound).ok();

        assertThat(awaitAudit(v.subject(), "finding.updated", 1).getFirst().path("reason").asString()).isEqualTo("monitoring plan attached");
        List<JsonNode> refusals = awaitAudit(v.subject(), "approval.refused", 2);
        assertThat(refusals).extracting(r -> r.path("after").path("attempted").asString()).containsExactly("approve", "update-finding");
    }

    @Test
    void aRejectionIsFinalAndAnApprovalCanBeWithdrawn() {
        Version rejected = submittedVersion(PASSING_INPUTS);
        Person validator = person(someone("vera"), "validator");
        validator.act("reject", rejected.model(), 1, Map.of("artifactSha256", rejected.artifact())).problem(400);
        JsonNode view = validator.act("reject", rejected.model(), 1, Map.of("artifactSha256", rejected.artifact(),
                "reason", "unstable out of time", "findings", List.of(Map.of("severity", "critical", "text", "PSI 0.4")))).ok().body();
        assertThat(view.path("state").asString()).isEqualTo("rejected");
        String report = renderReport(rejected.model(), 1, rejected.artifact());
        assertThat(validator.act("validate", rejected.model(), 1, Map.of("artifactSha256", rejected.artifact(), "reportSha256", report))
                .problem(409).detail()).contains("it is rejected, which is final");

        Version approved = submittedVersion(PASSING_INPUTS);
        String approvedReport = renderReport(approved.model(), 1, approved.artifact());
        Map<String, Object> bound = Map.of("artifactSha256", approved.artifact(), "reportSha256", approvedReport);
        validator.act("validate", approved.model(), 1, bound).ok();
        Person approver = person(someone("alex"), "approver");
        approver.act("approve", approved.model(), 1, bound).ok();
        approver.act("withdraw", approved.model(), 1, Map.of("artifactSha256", approved.artifact(), "reason", "data issue found")).ok();

        assertThat(awaitGovernanceEvents(rejected.subject(), 2)).extracting(CloudEvent::type)
                .containsExactly("approval.submitted", "validation.rejected");
        List<CloudEvent> withdrawn = awaitGovernanceEvents(approved.subject(), 4);
        assertThat(withdrawn).extracting(CloudEvent::type).last().isEqualTo("approval.withdrawn");
        assertThat(withdrawn.getLast().data().path("reason").asString()).isEqualTo("data issue found");
    }
}
