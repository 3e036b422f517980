package org.steward.commons.web;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;
import org.steward.commons.resilience.ServiceClients;
import org.steward.commons.testapp.CommonsIntegrationTest;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.MovableClock;
import org.steward.testsupport.identity.DemoIdentity;
import org.steward.testsupport.identity.DemoTokenIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security and error answers over real HTTP, with tokens verified through a JWKS URL exactly as in production.
 *
 * <p>The service trusts two keys here: the demo issuer's and that of an issuer whose clock the test turns back, so
 * that an expired token can be refused for its expiry alone, its signature being one the service trusts.
 */
@CommonsIntegrationTest
@TestPropertySource(properties = "steward.service.schema=commons_web")
class SecurityAndProblemsIntegrationTest {

    private static final MovableClock pastIssuerClock = MovableClock.system();
    private static final DemoTokenIssuer pastIssuer = new DemoTokenIssuer("http://past-issuer", Duration.ofMinutes(5),
            pastIssuerClock);
    private static HttpServer trustedKeys;

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JwtDecoder jwtDecoder;
    @Autowired
    ServiceClients serviceClients;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void trustTheDemoIssuerAndThePastIssuer(DynamicPropertyRegistry registry) throws IOException, ParseException {
        List<JWK> keys = new ArrayList<>(JWKSet.parse(RealInfrastructureExtension.issuer().issuer().jwksJson()).getKeys());
        keys.addAll(JWKSet.parse(pastIssuer.jwksJson()).getKeys());
        byte[] jwks = new JWKSet(keys).toString(true).getBytes(StandardCharsets.UTF_8);
        trustedKeys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trustedKeys.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (var body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        trustedKeys.start();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + trustedKeys.getAddress().getPort() + "/jwks.json");
    }

    @AfterAll
    static void stopTrustedKeys() {
        trustedKeys.stop(0);
    }

    record Answer(int status, MediaType contentType, String wwwAuthenticate, String body) {
    }

    @Test
    void aTokenOfTheTrustedIssuerAuthenticatesItsSubjectWithItsRoles() {
        Answer answer = get("/probe/me", token(DemoIdentity.VERA));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(read(answer).get("name").asString()).isEqualTo("vera");
        assertThat(read(answer).get("authorities").toString()).isEqualTo("[\"ROLE_validator\"]");
        assertThat(get("/probe/validations", token(DemoIdentity.VERA)).body()).isEqualTo("validated");
    }

    @Test
    void withoutATokenTheAnswerIs401SayingHowToGetOne() {
        Answer answer = get("/probe/me", null);

        JsonNode problem = assertProblem(answer, 401, "unauthenticated");
        assertThat(problem.get("detail").asString()).contains("Authorization: Bearer");
        assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer");
    }

    @Test
    void aTokenWithABrokenSignatureIsRefused() {
        String token = token(DemoIdentity.ADA);
        String[] parts = token.split("\\.");
        char flipped = parts[2].charAt(10) == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + flipped + parts[2].substring(11);

        Answer answer = get("/probe/me", tampered);

        assertThat(assertProblem(answer, 401, "unauthenticated").get("detail").asString()).contains("rejected");
        assertThat(answer.body()).doesNotContain(parts[1]);
    }

    @Test
    void aTokenSignedByAnUntrustedKeyIsRefused() {
        String forged = new DemoTokenIssuer(RealInfrastructureExtension.issuer().baseUrl()).issue(DemoIdentity.ADA);

        assertProblem(get("/probe/me", forged), 401, "unauthenticated");
    }

    @Test
    void anExpiredTokenIsRefusedThoughItsSignatureIsTrusted() {
        pastIssuerClock.setOffset(Duration.ZERO);
        String current = pastIssuer.issue("pat", "Pat Past", List.of("auditor"));
        pastIssuerClock.setOffset(Duration.ofHours(-1));
        String expired = pastIssuer.issue("pat", "Pat Past", List.of("auditor"));

        assertThat(get("/probe/me", current).status()).as("the key is trusted").isEqualTo(200);
        assertProblem(get("/probe/me", expired), 401, "unauthenticated");
    }

    @Test
    void aMissingRoleIs403() {
        JsonNode problem = assertProblem(get("/probe/validations", token(DemoIdentity.DANA)), 403, "forbidden");

        assertThat(problem.get("detail").asString()).contains("roles");
    }

    @Test
    void roleValuesThatAreNotPlatformRolesGrantNothing() {
        String token = RealInfrastructureExtension.issuer().issuer().issue("mallory", "Mallory",
                List.of("superuser", "ROLE_validator", "Validator", "validator ", "ROLE_admin", "auditor"));

        assertThat(read(get("/probe/me", token)).get("authorities").toString()).isEqualTo("[\"ROLE_auditor\"]");
        assertProblem(get("/probe/validations", token), 403, "forbidden");
    }

    @Test
    void refusalsAreCountedByStatusWithoutATimerPerSecurityDecision() {
        double before401 = requests("401");
        double before403 = requests("403");

        get("/probe/me", null);
        get("/probe/validations", token(DemoIdentity.DANA));

        // the request's timer stops once its answer has gone out, so it may lag the client by a moment
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(requests("401")).isEqualTo(before401 + 1);
            assertThat(requests("403")).isEqualTo(before403 + 1);
        });
        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security."));
    }

    @ParameterizedTest
    @CsvSource({"INVALID, 400", "FORBIDDEN, 403", "NOT_FOUND, 404", "CONFLICT, 409", "UNPROCESSABLE, 422",
            "UNAVAILABLE, 503"})
    void eachKindOfRefusalHasItsStatus(StewardException.Kind kind, int status) {
        JsonNode problem = assertProblem(get("/probe/refusals/" + kind, token(DemoIdentity.DANA)), status,
                kind.name().toLowerCase().replace('_', '-'));

        assertThat(problem.get("title").asString()).isEqualTo("Probe refused");
        assertThat(problem.get("detail").asString()).isEqualTo("refused as " + kind + " because the probe was asked to");
        assertThat(problem.get("instance").asString()).isEqualTo("/probe/refusals/" + kind);
    }

    @Test
    void aMalformedBodyIs400SayingItCouldNotBeRead() {
        JsonNode problem = assertProblem(post("/probe/orders", "{\"name\": \"loan\", \"quantity\": ", token(DemoIdentity.DANA)),
                400, "invalid");

        assertThat(problem.get("detail").asString()).startsWith("the request body could not be read: the body is not valid JSON: ")
                .contains("(line 1, column");
        JsonNode mistyped = assertProblem(post("/probe/orders", "{\"name\": \"loan\", \"quantity\": \"many\"}",
                token(DemoIdentity.DANA)), 400, "invalid");
        assertThat(mistyped.get("detail").asString())
                .isEqualTo("the request body could not be read: field 'quantity' must be a whole number, not 'many'");
    }

    @Test
    void aWrongMethodContentTypeOrMissingParameterSaysWhatToSendInstead() {
        JsonNode method = assertProblem(get("/probe/orders", token(DemoIdentity.DANA)), 405, "method-not-allowed");
        assertThat(method.get("detail").asString()).isEqualTo("this path does not take GET; use POST");

        Answer text = call(HttpMethod.POST, "/probe/orders", "loan", MediaType.TEXT_PLAIN, token(DemoIdentity.DANA));
        JsonNode mediaType = assertProblem(text, 415, "unsupported-media-type");
        assertThat(mediaType.get("detail").asString()).startsWith("the body was sent as 'text/plain")
                .contains("; send it with the Content-Type ", "application/json");

        JsonNode missing = assertProblem(get("/probe/pages", token(DemoIdentity.DANA)), 400, "invalid");
        assertThat(missing.get("detail").asString()).isEqualTo("parameter 'size' is required: add ?size=… to the URL");
    }

    @Test
    void anInvalidBodyIs400NamingEachInvalidField() {
        JsonNode problem = assertProblem(post("/probe/orders", "{\"name\": \" \", \"quantity\": 0}", token(DemoIdentity.DANA)),
                400, "invalid");

        assertThat(problem.get("detail").asString()).contains("name must not be blank", "quantity must be greater than or equal to 1");
        assertThat(post("/probe/orders", "{\"name\": \"loan\", \"quantity\": 2}", token(DemoIdentity.DANA)).status())
                .isEqualTo(200);
    }

    @Test
    void anInvalidParameterIs400NamingTheParameterAndAnyInvalidField() {
        JsonNode problem = assertProblem(get("/probe/pages?size=1000", token(DemoIdentity.DANA)), 400, "invalid");

        assertThat(problem.get("detail").asString()).isEqualTo("size must be less than or equal to 100");
        JsonNode both = assertProblem(post("/probe/orders/repeated?times=0", "{\"name\": \"\", \"quantity\": 1}",
                token(DemoIdentity.DANA)), 400, "invalid");
        assertThat(both.get("detail").asString()).isEqualTo("name must not be blank; times must be greater than or equal to 1");
    }

    @Test
    void aParameterOfTheWrongTypeIs400NamingTheParameterAndTheType() {
        JsonNode problem = assertProblem(get("/probe/items/seven", token(DemoIdentity.DANA)), 400, "invalid");

        assertThat(problem.get("detail").asString()).isEqualTo("parameter 'id' has the value 'seven', which is not a whole number");
        JsonNode kind = assertProblem(get("/probe/refusals/MAYBE", token(DemoIdentity.DANA)), 400, "invalid");
        assertThat(kind.get("detail").asString()).contains("'kind'", "'MAYBE'", "which is not one of [INVALID, ");
    }

    @Test
    void anUnexpectedFailureIs500WithAnIncidentIdAndNoInternals() {
        Answer answer = get("/probe/failure", token(DemoIdentity.DANA));

        JsonNode problem = assertProblem(answer, 500, "internal");
        assertThat(problem.get("detail").asString()).containsPattern("incident [0-9a-f-]{36}");
        assertThat(answer.body()).doesNotContain("IllegalStateException", "hunter2", "db-internal", "ProbeController",
                "java.", "trace");
    }

    @Test
    void healthMetricsAndTheApiDescriptionNeedNoToken() {
        Answer health = get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(read(health).get("status").asString()).isEqualTo("UP");

        Answer metrics = get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("steward_outbox_pending", "service=\"commons-test\"");

        Answer api = get("/v3/api-docs", null);
        assertThat(api.status()).isEqualTo(200);
        JsonNode description = read(api);
        assertThat(description.at("/info/title").asString()).isEqualTo("Steward commons-test");
        assertThat(description.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(description.at("/paths").has("/probe/orders")).isTrue();
    }

    @Test
    void aServiceClientPassesTheCallersTokenOn() {
        var jwt = jwtDecoder.decode(token(DemoIdentity.AUDREY));
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        try {
            JsonNode me = serviceClients.client("self", "http://localhost:" + port).get().uri("/probe/me")
                    .retrieve().body(JsonNode.class);
            assertThat(me.get("name").asString()).isEqualTo("audrey");
            assertThat(me.get("authorities").toString()).isEqualTo("[\"ROLE_auditor\"]");
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private JsonNode assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type").isNotNull();
        assertThat(answer.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(answer.contentType().toString()).isTrue();
        JsonNode problem = read(answer);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo(Problems.TYPE_PREFIX + type);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).hasSizeGreaterThan(20);
        return problem;
    }

    /** Requests answered with {@code status} so far, as the request timer counts them. */
    private double requests(String status) {
        return meters.find("http.server.requests").tag("status", status).timers().stream().mapToLong(Timer::count).sum();
    }

    private JsonNode read(Answer answer) {
        return json.readTree(answer.body());
    }

    private static String token(DemoIdentity identity) {
        return RealInfrastructureExtension.issuer().issuer().issue(identity);
    }

    private Answer get(String path, String token) {
        return call(HttpMethod.GET, path, null, null, token);
    }

    private Answer post(String path, String body, String token) {
        return call(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON, token);
    }

    private Answer call(HttpMethod method, String path, String body, MediaType contentType, String token) {
        var request = RestClient.create("http://localhost:" + port).method(method).uri(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.contentType(contentType).body(body);
        }
        return request.exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders().getContentType(),
                res.getHeaders().getFirst("WWW-Authenticate"), new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }
}
