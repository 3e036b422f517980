package org.steward.testsupport.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.Test;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo issuer serves what a resource server needs to verify its tokens, and nothing a client could misuse. */
@RealInfrastructure
class IssuerServerTest {

    private final IssuerServer server = RealInfrastructureExtension.issuer();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void publishesDiscoveryAndThePublicKeyOnly() throws Exception {
        var discovery = get("/.well-known/openid-configuration");
        assertThat(discovery.statusCode()).isEqualTo(200);
        Map<String, Object> config = JSONObjectUtils.parse(discovery.body());
        assertThat(config).containsEntry("issuer", server.baseUrl())
                .containsEntry("jwks_uri", server.jwksUrl())
                .containsEntry("token_endpoint", server.baseUrl() + "/token");

        var jwks = get("/.well-known/jwks.json");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/json");
        List<Object> keys = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(jwks.body()), "keys");
        assertThat(keys).singleElement().satisfies(key -> assertThat(JSONObjectUtils.toJSONString((Map<String, Object>) key))
                .contains("\"kty\":\"RSA\"", "\"kid\":", "\"n\":", "\"e\":")
                .as("no private key material").doesNotContain("\"d\":", "\"p\":", "\"q\":", "\"dp\":", "\"dq\":", "\"qi\":"));
    }

    @Test
    void issuesATokenForADemoIdentityThatVerifiesAgainstItsJwks() throws Exception {
        var answer = postToken("identity=vera");

        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSONObjectUtils.parse(answer.body());
        assertThat(body).containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", server.issuer().lifetime().toSeconds());
        JWTClaimsSet claims = verify((String) body.get("access_token"));
        assertThat(claims.getIssuer()).isEqualTo(server.baseUrl());
        assertThat(claims.getSubject()).isEqualTo("vera");
        assertThat(claims.getStringClaim("name")).isEqualTo("Vera Validator");
        assertThat(claims.getStringListClaim(DemoTokenIssuer.ROLES_CLAIM)).containsExactly("validator");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(server.issuer().lifetime());
    }

    @Test
    void tokensOfAnotherIssuerKeyDoNotVerify() {
        String forged = new DemoTokenIssuer(server.baseUrl()).issue(DemoIdentity.ADA);

        assertThatThrownBy(() -> verify(forged)).isInstanceOf(BadJOSEException.class);
    }

    @Test
    void refusesUnknownIdentitiesWithAProblemThatListsTheKnownOnes() throws Exception {
        for (String form : List.of("identity=mallory", "", "name=dana")) {
            var answer = postToken(form);
            assertThat(answer.statusCode()).as(form).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            Map<String, Object> problem = JSONObjectUtils.parse(answer.body());
            assertThat(problem).containsEntry("status", 400L).containsEntry("title", "Unknown identity");
            assertThat((String) problem.get("detail")).contains("dana", "vera", "ada");
        }
    }

    @Test
    void onlyPostIssuesTokens() throws Exception {
        var answer = get("/token");

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSONObjectUtils.parse(answer.body())).containsEntry("status", 405L);
        assertThat(answer.body()).doesNotContain("eyJ");
    }

    @Test
    void listsTheDemoIdentitiesWithTheirRoles() throws Exception {
        var answer = get("/identities");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("{\"identity\":\"alex\",\"name\":\"Alex Approver\",\"roles\":[\"approver\"]}");
        assertThat(JSONObjectUtils.getJSONArray(JSONObjectUtils.parse("{\"a\":" + answer.body() + "}"), "a"))
                .hasSize(DemoIdentity.values().length);
    }

    private JWTClaimsSet verify(String token) throws Exception {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(server.jwksUrl()).toURL()).build()));
        return processor.process(token, null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postToken(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
