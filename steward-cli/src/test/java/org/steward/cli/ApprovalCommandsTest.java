package org.steward.cli;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalCommandsTest extends CliTestSupport {

    private static final String ARTIFACT = "a".repeat(64);
    private static final String REPORT = "b".repeat(64);
    private static final String VIEW = """
            {"model":"credit","version":3,"state":"validated","awaiting":"approve","artifactSha256":"%s","reportSha256":"%s",
             "gates":[{"name":"evidence","attribute":null,"passed":true,"excepted":false,"message":"evidence e1"},
                      {"name":"disparate-impact","attribute":"age_band","passed":false,"excepted":true,"message":"0.62 is below 0.8"}],
             "exceptions":[{"gate":"disparate-impact","expiresOn":"2026-12-31","grantedBy":"alex","reason":"reviewed","active":true}],
             "findings":[{"severity":"high","status":"open","text":"no monitoring plan","owner":"olga","dueOn":"2026-05-01"}],
             "blockers":["open high finding (no monitoring plan)"],"acts":[]}""".formatted(ARTIFACT, REPORT);

    @Test
    void validateBindsTheRegistrysCurrentArtifactTheReportAndTheFindings() {
        services.answer(prefix(Endpoint.MODEL_REGISTRY) + "/api/v1/models/credit/versions/3", 200, JSON,
                "{\"model\":\"credit\",\"version\":3,\"artifactSha256\":\"" + ARTIFACT + "\"}");
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals/credit/3/validate", 200, JSON, VIEW);
        env.put("STEWARD_TOKEN", "t0ken");

        assertThat(run("validate", "credit", "3", "--report-sha256", REPORT, "--finding", "high:no monitoring plan",
                "--finding", "low: typo")).isZero();

        assertThat(services.requests()).hasSize(2);
        var registry = services.requests().get(0);
        assertThat(registry.method()).isEqualTo("GET");
        assertThat(registry.authorization()).isEqualTo("Bearer t0ken");
        var act = services.requests().get(1);
        assertThat(act.method()).isEqualTo("POST");
        assertThat(act.contentType()).isEqualTo("application/json");
        JsonNode body = JsonMapper.shared().readTree(act.body());
        assertThat(body.path("artifactSha256").asString()).isEqualTo(ARTIFACT);
        assertThat(body.path("reportSha256").asString()).isEqualTo(REPORT);
        assertThat(body.path("findings").get(0).path("severity").asString()).isEqualTo("high");
        assertThat(body.path("findings").get(0).path("text").asString()).isEqualTo("no monitoring plan");
        assertThat(body.path("findings").get(1).path("text").asString()).isEqualTo("typo");
        assertThat(stdout()).contains("credit version 3: validated, awaiting approve")
                .contains("disparate-impact (age_band)  excepted")
                .contains("exception: disparate-impact until 2026-12-31, by alex: reviewed")
                .contains("finding [high]: no monitoring plan (owner olga, due 2026-05-01)")
                .contains("blocked: open high finding");
    }

    @Test
    void anArtifactGivenOnTheCommandLineIsUsedAsIsAndJsonIsPassedThrough() {
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals/credit/3/approve", 200, JSON, VIEW);

        assertThat(run("approve", "credit", "3", "--artifact-sha256", ARTIFACT, "--report-sha256", REPORT, "--json",
                "--token", "x")).isZero();

        assertThat(services.requests()).singleElement().satisfies(r -> assertThat(r.path()).endsWith("/approve"));
        assertThat(JsonMapper.shared().readTree(stdout()).path("state").asString()).isEqualTo("validated");
    }

    @Test
    void aRefusalIsOneLineAndExitThree() {
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals/credit/3/approve", 403, PROBLEM_JSON,
                "{\"title\":\"Separation of duties\",\"status\":403,\"detail\":\"vera validated credit version 3 and may not approve it\"}");

        assertThat(run("approve", "credit", "3", "--artifact-sha256", ARTIFACT, "--report-sha256", REPORT)).isEqualTo(3);

        assertThat(oneErrorLine()).contains("403 Separation of duties: vera validated credit version 3");
    }

    @Test
    void anExceptionNamesTheGateReasonAndExpiry() {
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals/credit/3/exceptions", 200, JSON, VIEW);

        assertThat(run("exception", "credit", "3", "--artifact-sha256", ARTIFACT, "--gate", "disparate-impact",
                "--reason", "reviewed with compliance", "--expires", "2026-12-31")).isZero();

        JsonNode body = JsonMapper.shared().readTree(services.requests().getFirst().body());
        assertThat(body.path("gate").asString()).isEqualTo("disparate-impact");
        assertThat(body.path("reason").asString()).isEqualTo("reviewed with compliance");
        assertThat(body.path("expiresOn").asString()).isEqualTo("2026-12-31");
        assertThat(body.path("artifactSha256").asString()).isEqualTo(ARTIFACT);
    }

    @Test
    void malformedOptionsAreUsageErrorsAndCallNothing() {
        assertThat(run("validate", "credit", "3", "--artifact-sha256", ARTIFACT, "--report-sha256", REPORT,
                "--finding", "no severity")).isEqualTo(2);
        assertThat(oneErrorLine()).contains("--finding 'no severity' is not SEVERITY:TEXT");
        assertThat(run("exception", "credit", "3", "--gate", "g", "--reason", "r", "--expires", "next year")).isEqualTo(2);
        assertThat(run("reject", "credit", "3")).isEqualTo(2);
        assertThat(oneErrorLine()).contains("--reason");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void submitAndTheQueuesAndTheInventoryPrintForPeople() {
        services.answer(prefix(Endpoint.MODEL_REGISTRY) + "/api/v1/models/credit/versions/4", 200, JSON,
                "{\"artifactSha256\":\"" + ARTIFACT + "\"}");
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals/credit/4/submit", 200, JSON, VIEW);
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/approvals", 200, JSON, """
                {"role":"validator","items":[{"model":"credit","version":4,"state":"submitted","awaiting":"validate",
                 "author":"dana","failingGates":["disparate-impact (age_band)"],"openFindings":0}]}""");
        services.answer(prefix(Endpoint.GOVERNANCE) + "/api/v1/inventory", 200, JSON, """
                {"models":[{"model":"credit","useCase":"credit","riskTier":1,"owner":"olga","championVersion":2,
                 "latestVersion":4,"latestVersionStatus":"submitted","latestVersionState":"submitted",
                 "lastValidatedOn":"2026-01-10","nextReviewDue":"2027-01-10","reviewOverdue":false,
                 "openFindings":{"low":1,"medium":0,"high":2,"critical":0},"gateStatus":"excepted",
                 "activeExceptions":[{"version":4,"exception":{"gate":"disparate-impact","expiresOn":"2026-12-31"}}]}]}""");

        assertThat(run("submit", "credit", "4", "--reason", "ready")).isZero();
        assertThat(JsonMapper.shared().readTree(services.requests().get(1).body()).path("reason").asString()).isEqualTo("ready");

        assertThat(run("approvals", "--role", "validator")).isZero();
        assertThat(services.requests().get(2).query()).isEqualTo("role=validator");
        assertThat(stdout()).contains("credit  4        validate").contains("disparate-impact (age_band)").contains("1 awaiting you as validator");

        assertThat(run("inventory")).isZero();
        assertThat(stdout()).contains("MODEL", "NEXT REVIEW", "credit", "2027-01-10", "2 high, 1 low", "excepted",
                "v4 disparate-impact until 2026-12-31", "1 models");
        assertThat(run("inventory", "--json")).isZero();
        assertThat(JsonMapper.shared().readTree(stdout()).path("models").get(0).path("owner").asString()).isEqualTo("olga");
    }

    @Test
    void everyWorkflowCommandHasHelpAndJson() {
        for (String command : new String[] {"submit", "validate", "reject", "approve", "withdraw", "exception", "approvals", "inventory"}) {
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(stdout()).as(command).contains("--json");
        }
    }
}
