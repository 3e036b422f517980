package org.steward.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCommandsTest extends CliTestSupport {
    private static final String API = "/governance/api/v1/audit";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String EVENTS = """
            {"events":[
              {"sequence":41,"eventId":"e-41","time":"2025-01-31T09:00:00Z","source":"model-registry","type":"steward.audit",
               "subject":"credit-score/3","actor":"dana","action":"SUBMIT","reason":null,"before":null,"after":{},
               "hash":"aa","prevHash":"99"},
              {"sequence":42,"eventId":"e-42","time":"2025-01-31T09:05:00Z","source":"governance","type":"steward.audit",
               "subject":"credit-score/3","actor":"vera","action":"VALIDATE","reason":"ok","before":{},"after":{},
               "hash":"bb","prevHash":"aa"}],
             "page":2,"size":2,"totalEvents":43}""";

    @TempDir
    Path dir;

    @Test
    void eventsPassesFiltersAndPrintsOneLinePerEvent() {
        services.answer(API + "/events", 200, JSON, EVENTS);

        assertThat(run("audit", "events", "--subject", "credit-score/3", "--actor", "vera dana",
                "--from", "2025-01-31T00:00:00Z", "--page", "2", "--size", "2", "--token", "t")).isZero();

        assertThat(services.requests().getFirst().query()).isEqualTo(
                "subject=credit-score%2F3&actor=vera+dana&from=2025-01-31T00%3A00%3A00Z&page=2&size=2");
        assertThat(stdout().lines()).containsExactly(
                "41  2025-01-31T09:00:00Z  dana  SUBMIT    credit-score/3",
                "42  2025-01-31T09:05:00Z  vera  VALIDATE  credit-score/3",
                "page 2, 2 per page, 43 events in total");
    }

    @Test
    void eventsAsJsonIsTheServicesAnswer() {
        services.answer(API + "/events", 200, JSON, EVENTS);

        assertThat(run("audit", "events", "--json")).isZero();

        assertThat(MAPPER.readTree(stdout())).isEqualTo(MAPPER.readTree(EVENTS));
        assertThat(services.requests().getFirst().query()).isNull();
    }

    @Test
    void anIntactChainIsExitZero() {
        services.answer(API + "/verify", 200, JSON, """
                {"intact":true,"count":43,"headSequence":43,"headHash":"cafe","latestCheckpoint":
                 {"sequence":40,"headHash":"beef","time":"2025-01-31T08:00:00Z","keyId":"k1","signature":"c2ln"}}""");

        assertThat(run("audit", "verify")).isZero();

        assertThat(stdout().lines()).containsExactly("audit chain intact: 43 events, head #43 cafe",
                "latest signed checkpoint: #40 at 2025-01-31T08:00:00Z");
    }

    @Test
    void aBrokenChainIsExitOneWithTheBreakLocated() {
        String broken = """
                {"intact":false,"count":7,"broken":{"sequence":7,"eventId":"e-7","problem":"CONTENT_ALTERED",
                 "message":"Entry 7 does not hash to its recorded hash."}}""";
        services.answer(API + "/verify", 200, JSON, broken);

        assertThat(run("audit", "verify")).isEqualTo(1);
        assertThat(stdout().strip()).isEqualTo(
                "audit chain BROKEN at sequence 7 (event e-7): CONTENT_ALTERED — Entry 7 does not hash to its recorded hash.");

        assertThat(run("audit", "verify", "--json")).isEqualTo(1);
        assertThat(MAPPER.readTree(stdout())).isEqualTo(MAPPER.readTree(broken));
    }

    @Test
    void checkpointPostsAndShowsTheSignedHead() {
        services.answer(API + "/checkpoints", 201, JSON,
                "{\"sequence\":43,\"headHash\":\"cafe\",\"time\":\"2025-01-31T10:00:00Z\",\"keyId\":\"k1\",\"signature\":\"c2ln\"}");

        assertThat(run("audit", "checkpoint", "--token", "t")).isZero();

        assertThat(services.requests().getFirst().method()).isEqualTo("POST");
        assertThat(stdout().strip()).isEqualTo("signed checkpoint #43: head cafe at 2025-01-31T10:00:00Z (key k1)");
    }

    @Test
    void exportIsStreamedToTheFile() throws IOException {
        byte[] line = "{\"sequence\":1,\"eventId\":\"e\",\"event\":{},\"prevHash\":\"0\",\"hash\":\"1\"}\n"
                .getBytes(StandardCharsets.UTF_8);
        int lines = 100_000;
        services.handle(API + "/export", (exchange, request) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < lines; i++) {
                    out.write(line);
                }
            }
        });
        Path file = dir.resolve("audit.ndjson");

        assertThat(run("audit", "export", "--out", file.toString(), "--json")).isZero();

        long bytes = (long) line.length * lines;
        assertThat(Files.size(file)).isEqualTo(bytes);
        try (var read = Files.lines(file)) {
            assertThat(read).hasSize(lines).allMatch(text -> Arrays.equals((text + "\n").getBytes(StandardCharsets.UTF_8), line));
        }
        JsonNode result = MAPPER.readTree(stdout());
        assertThat(result.path("file").asString()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(result.path("bytes").asLong()).isEqualTo(bytes);
        assertThat(dir).isDirectoryContaining(path -> path.equals(file)).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void aFailedExportLeavesTheExistingFileAlone() throws IOException {
        services.answer(API + "/export", 500, PROBLEM_JSON,
                "{\"title\":\"Internal Server Error\",\"status\":500,\"detail\":\"database unavailable\"}");
        Path file = Files.writeString(dir.resolve("audit.ndjson"), "previous export");

        assertThat(run("audit", "export", "--out", file.toString())).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo(
                "steward: 500 Internal Server Error: database unavailable — see the governance logs");
        assertThat(file).hasContent("previous export");
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void exportIntoAMissingDirectoryIsAUsageError() {
        services.answer(API + "/export", 200, "application/x-ndjson", "{}\n");

        assertThat(run("audit", "export", "--out", dir.resolve("no/such/dir/audit.ndjson").toString())).isEqualTo(2);

        assertThat(oneErrorLine()).contains("cannot write to").endsWith("— choose a file in an existing, writable directory");
    }

    @Test
    void publicKeyIsWrittenToTheFile() throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n";
        services.answer(API + "/public-key", 200, "application/x-pem-file", pem);
        Path file = dir.resolve("key.pem");

        assertThat(run("audit", "public-key", "--out", file.toString())).isZero();

        assertThat(file).hasContent(pem);
        assertThat(stdout().strip()).isEqualTo("wrote " + pem.length() + " bytes to " + file);
    }

    @Test
    void aProblemDetailIsOneLineAndExitThree() {
        services.answer(API + "/verify", 403, PROBLEM_JSON, """
                {"type":"about:blank","title":"Forbidden","status":403,
                 "detail":"Reading the audit trail needs the auditor role.","instance":"/api/v1/audit/verify"}""");

        assertThat(run("audit", "verify", "--token", "t")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo("steward: 403 Forbidden: Reading the audit trail needs the auditor role."
                + " — use an identity whose role allows this");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void anUnauthenticatedCallSaysHowToAuthenticate() {
        services.answer(API + "/verify", 401, PROBLEM_JSON, "{\"title\":\"Unauthorized\",\"status\":401}");

        assertThat(run("audit", "verify")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo(
                "steward: 401 Unauthorized — pass --token TOKEN, set STEWARD_TOKEN, or use --as IDENTITY");
    }

    @Test
    void anErrorWithoutProblemDetailsStillGivesTheStatus() {
        services.answer(API + "/verify", 502, "text/html", "<html>Bad gateway</html>");

        assertThat(run("audit", "verify")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo("steward: governance answered HTTP 502 — see the governance logs");
    }

    @Test
    void aServiceThatDoesNotAnswerJsonIsReported() {
        services.answer(API + "/verify", 200, "text/html", "<html>not governance</html>");

        assertThat(run("audit", "verify")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo("steward: governance answered with something other than JSON"
                + " — check that STEWARD_GOVERNANCE_URL points at the governance");
    }

    @Test
    void anUnreachableServiceIsOneLineAndExitThree() throws IOException {
        env.put("STEWARD_GOVERNANCE_URL", FakeServices.unreachableUrl());

        assertThat(run("audit", "events")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo("steward: cannot reach governance at " + env.get("STEWARD_GOVERNANCE_URL")
                + " (connection refused or host unknown) — start it, or set STEWARD_GOVERNANCE_URL to where it runs");
    }
}
