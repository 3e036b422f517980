package org.steward.governance.evidence;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.steward.governance.GermanCredit;
import org.steward.governance.GovernanceApplication;
import org.steward.governance.approval.GovernanceFacts;
import org.steward.governance.policy.EvidenceComputation;
import org.steward.runtime.Artifacts;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence and report API of the governance service on a real PostgreSQL, with the registry and the feature store
 * answered by a local HTTP server holding the German credit example: who may compute, what is stored and audited,
 * that the caller's token is what reaches the other services, that a tampered artifact is refused, and that the
 * report is rendered again exactly when the workflow's facts change.
 */
@RealInfrastructure
@SpringBootTest(classes = GovernanceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=governance", "steward.service.schema=governance_evidence_it",
                "steward.audit.signing-key-path=target/evidence-it-signing-key.pem"})
@Import(EvidenceApiIntegrationTest.Facts.class)
class EvidenceApiIntegrationTest {

    private static final String MODEL = "evidence-it-scorecard";
    private static final String TRAINING_SET = "6a0f7c1e-41b5-4f0e-9d7a-2c8e5b3f1a90";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, byte[]> DOCUMENTS = new ConcurrentHashMap<>();
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static HttpServer services;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EvidenceComputation computation;
    @Autowired
    MutableFacts facts;

    @DynamicPropertySource
    static void otherServices(DynamicPropertyRegistry properties) {
        properties.add("steward.clients.services.registry.base-url", EvidenceApiIntegrationTest::servicesUrl);
        properties.add("steward.clients.services.featurestore.base-url", EvidenceApiIntegrationTest::servicesUrl);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.stop(0);
        }
    }

    /** The workflow's facts, changeable by the test; preferred over the workflow's own. */
    @TestConfiguration
    static class Facts {
        @Bean
        @Primary
        MutableFacts mutableFacts() {
            return new MutableFacts();
        }
    }

    static class MutableFacts implements GovernanceFacts {
        final List<FindingView> findings = new CopyOnWriteArrayList<>();

        @Override
        public List<GateResultView> gates(String model, int version) {
            return List.of();
        }

        @Override
        public List<FindingView> findings(String model, int version) {
            return List.copyOf(findings);
        }

        @Override
        public List<ActView> acts(String model, int version) {
            return List.of();
        }

        @Override
        public List<ExceptionView> exceptions(String model, int version) {
            return List.of();
        }
    }

    @BeforeEach
    void theExampleAsTheServicesServeIt() {
        byte[] csv = canonicalCsv(EvidenceFixtures.trainingSet());
        DOCUMENTS.put("/api/v1/models/" + MODEL, json("""
                {"name": "%s", "useCase": "credit", "riskTier": 1, "owner": "dana", "description": "example",
                 "intendedUse": "consumer loans", "limitations": "example data",
                 "protectedAttributes": ["age", "personal_status_and_sex", "foreign_worker"],
                 "decisionPolicy": {"cutOffs": [{"upTo": 0.25, "decision": "approve"}, {"upTo": 0.5, "decision": "refer"},
                                                {"upTo": 1.0, "decision": "decline"}]}}""".formatted(MODEL)));
        DOCUMENTS.put("/api/v1/models/" + MODEL + "/versions/1", json("""
                {"model": "%s", "version": 1, "status": "dev", "format": "scorecard_json", "artifactSha256": "%s",
                 "artifactSize": %d, "createdBy": "dana", "createdAt": "2025-01-20T08:00:00Z",
                 "inputSignature": {"featureService": "german_credit_scorecard@1", "fields": %s},
                 "lineage": {"trainingSet": {"id": "%s", "sha256": "%s"}, "label": {"source": "bad"},
                   "windows": {"train": {"from": "2023-01-01", "to": "2024-01-01"},
                               "validation": {"from": "2024-01-01", "to": "2024-07-01"},
                               "outOfTime": {"from": "2024-07-01", "to": "2025-01-01"}}}}""".formatted(MODEL,
                Artifacts.sha256(GermanCredit.scorecard()), GermanCredit.scorecard().length, fields(), TRAINING_SET,
                Artifacts.sha256(csv))));
        DOCUMENTS.put("/api/v1/models/" + MODEL + "/versions/1/artifact", GermanCredit.scorecard());
        DOCUMENTS.put("/api/v1/training-sets/" + TRAINING_SET, json("{\"id\": \"" + TRAINING_SET + "\", \"columns\": "
                + columns() + "}"));
        DOCUMENTS.put("/api/v1/training-sets/" + TRAINING_SET + "/data", csv);
        facts.findings.clear();
    }

    @Test
    void validatorsAndTheAuthorComputeOthersAreRefusedAndTheEvidenceIsStoredWithItsReportAndAudited() {
        long audited = audited();
        Answer refused = post(DemoIdentity.AUDREY);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("detail").asString()).contains("author of version 1");

        AUTHORIZATIONS.clear();
        Answer byAuthor = post(DemoIdentity.DANA);
        assertThat(byAuthor.status()).isEqualTo(201);
        assertThat(AUTHORIZATIONS).as("the author's own token reached the registry and the feature store")
                .hasSize(5).containsOnly("Bearer " + token(DemoIdentity.DANA));

        Answer byValidator = post(DemoIdentity.VERA);
        assertThat(byValidator.status()).isEqualTo(201);
        JsonNode evidence = byValidator.body();
        assertThat(evidence.path("createdBy").asString()).isEqualTo("vera");
        assertThat(evidence.path("gateInputs").path("explanations").asBoolean()).isTrue();
        assertThat(evidence.path("gateInputs").path("report").asBoolean()).isTrue();
        assertThat(evidence.path("evidence").path("explanations").path("method").asString()).isEqualTo("scorecard points");

        JsonNode latest = get(DemoIdentity.AUDREY, "/evidence").body();
        assertThat(latest.path("id").asString()).isEqualTo(evidence.path("id").asString());
        Map<String, Object> row = jdbc.queryForMap("select gate_inputs, report_sha256, artifact_sha256 from evidence where id = ?",
                UUID.fromString(evidence.path("id").asString()));
        assertThat(JSON.readTree((String) row.get("gate_inputs"))).isEqualTo(evidence.path("gateInputs"));
        assertThat(row.get("report_sha256")).isEqualTo(evidence.path("reportSha256").asString());
        assertThat(audited()).isEqualTo(audited + 2);
    }

    private long audited() {
        return jdbc.queryForObject("select count(*) from steward_outbox where event_key = ?"
                + " and payload::jsonb ->> 'type' = 'evidence.computed'", Long.class, "model/" + MODEL + "/versions/1");
    }

    @Test
    void theReportIsRenderedOnlyWhenTheEvidenceOrTheWorkflowsFactsChange() {
        String computed = post(DemoIdentity.VERA).body().path("reportSha256").asString();

        Answer first = get(DemoIdentity.AUDREY, "/report?format=pdf");
        assertThat(first.headers().get("X-Report-SHA256")).isEqualTo(computed);
        assertThat(get(DemoIdentity.AUDREY, "/report").headers().get("X-Report-SHA256")).isEqualTo(computed);
        long renderings = renderings();

        facts.findings.add(new GovernanceFacts.FindingView(UUID.randomUUID(), "medium", "open",
                "Calibration of the top band rests on 32 applicants", "dana", LocalDate.parse("2025-06-30"), "vera",
                Instant.parse("2025-02-04T09:00:00Z"), null, null, null));
        Answer changed = get(DemoIdentity.VERA, "/report?format=pdf");
        String again = changed.headers().get("X-Report-SHA256");
        assertThat(again).isNotEqualTo(computed);
        assertThat(renderings()).isEqualTo(renderings + 2);
        assertThat(jdbc.queryForObject("select report_sha256 from evidence where id = ?::uuid", String.class,
                changed.headers().get("X-Evidence-Id"))).isEqualTo(again);
        assertThat(get(DemoIdentity.VERA, "/report?format=html").headers().get("Content-Type")).startsWith("text/html");
        assertThat(get(DemoIdentity.VERA, "/report?format=docx").status()).isEqualTo(400);
    }

    @Test
    void anArtifactThatDoesNotHashToItsAddressIsRefusedAndNothingIsStored() {
        byte[] tampered = GermanCredit.scorecard().clone();
        tampered[tampered.length / 2] ^= 1;
        DOCUMENTS.put("/api/v1/models/" + MODEL + "/versions/1/artifact", tampered);
        long before = jdbc.queryForObject("select count(*) from evidence", Long.class);

        Answer refused = post(DemoIdentity.VERA);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("detail").asString()).contains("does not hash to the recorded SHA-256");
        assertThat(jdbc.queryForObject("select count(*) from evidence", Long.class)).isEqualTo(before);
    }

    @Test
    void theWorkflowComputesThroughTheSameService() {
        UUID id = computation.compute(MODEL, 1);
        assertThat(jdbc.queryForObject("select created_by from evidence where id = ?", String.class, id))
                .isEqualTo("system:governance");
        assertThat(get(DemoIdentity.AUDREY, "/evidence").body().path("id").asString()).isEqualTo(id.toString());
    }

    private long renderings() {
        return jdbc.queryForObject("select count(*) from report where model = ?", Long.class, MODEL);
    }

    record Answer(int status, Map<String, String> headers, JsonNode body) {
    }

    private Answer post(DemoIdentity identity) {
        return exchange(client(identity).post().uri("/api/v1/models/{m}/versions/1/evidence", MODEL));
    }

    private Answer get(DemoIdentity identity, String path) {
        return exchange(client(identity).get().uri("/api/v1/models/" + MODEL + "/versions/1" + path));
    }

    private static Answer exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((req, res) -> {
            byte[] body = res.getBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            res.getHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
            String type = Objects.toString(res.getHeaders().getContentType(), "");
            return new Answer(res.getStatusCode().value(), headers,
                    type.contains("json") ? JSON.readTree(body) : JSON.missingNode());
        });
    }

    private RestClient client(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token(identity)).build();
    }

    private static final Map<DemoIdentity, String> TOKENS = new ConcurrentHashMap<>();

    private static String token(DemoIdentity identity) {
        return TOKENS.computeIfAbsent(identity, i -> RealInfrastructureExtension.issuer().issuer().issue(i));
    }

    private static String fields() {
        StringBuilder fields = new StringBuilder("[");
        GermanCredit.SIGNATURE.fields().forEach(f -> fields.append(fields.length() > 1 ? "," : "")
                .append("{\"name\": \"").append(f.name()).append("\", \"type\": \"")
                .append(f.type().name().toLowerCase()).append("\"}"));
        return fields.append(']').toString();
    }

    private static String columns() {
        TrainingSetRows rows = EvidenceFixtures.trainingSet();
        StringBuilder columns = new StringBuilder("[");
        rows.types().forEach((name, type) -> columns.append(columns.length() > 1 ? "," : "").append("{\"name\": \"")
                .append(name).append("\", \"type\": \"").append(type).append("\", \"role\": \"")
                .append(rows.roles().get(name)).append("\"}"));
        return columns.append(']').toString();
    }

    /** The feature store's canonical CSV of the rows: header, LF, values in their canonical text, quoted when needed. */
    private static byte[] canonicalCsv(TrainingSetRows rows) {
        StringBuilder csv = new StringBuilder(String.join(",", rows.types().keySet())).append('\n');
        for (Map<String, Object> row : rows.rows()) {
            StringJoiner line = new StringJoiner(",", "", "\n");
            for (String column : rows.types().keySet()) {
                String text = Objects.toString(row.get(column), "");
                line.add(text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            csv.append(line);
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized String servicesUrl() {
        if (services == null) {
            try {
                services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            services.createContext("/", exchange -> {
                try (exchange) {
                    AUTHORIZATIONS.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    byte[] body = DOCUMENTS.get(exchange.getRequestURI().getPath());
                    boolean found = body != null;
                    byte[] bytes = found ? body : "{\"status\": 404, \"title\": \"Not found\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", found ? "application/json" : "application/problem+json");
                    exchange.sendResponseHeaders(found ? 200 : 404, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            services.start();
        }
        return "http://127.0.0.1:" + services.getAddress().getPort();
    }
}
