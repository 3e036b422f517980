package org.steward.cli;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTest extends CliTestSupport {
    private static final String VERIFY = "/governance/api/v1/audit/verify";
    private static final String INTACT = "{\"intact\":true,\"count\":0,\"headSequence\":0,\"headHash\":\"00\",\"latestCheckpoint\":null}";

    @BeforeEach
    void issuerAndGovernance() {
        services.handle("/issuer/token", (exchange, request) -> {
            String identity = request.body().substring("identity=".length());
            FakeServices.send(exchange, 200, JSON,
                    "{\"access_token\":\"tok-" + identity + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        services.answer(VERIFY, 200, JSON, INTACT);
    }

    @Test
    void tokenPrintsTheRawTokenForExport() {
        assertThat(run("token", "dana")).isZero();

        assertThat(stdout()).isEqualTo("tok-dana" + System.lineSeparator());
        FakeServices.Request request = services.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("identity=dana");
    }

    @Test
    void tokenAsJson() {
        assertThat(run("token", "eli", "--json")).isZero();

        assertThat(JsonMapper.builder().build().readTree(stdout()).toString())
                .isEqualTo("{\"identity\":\"eli\",\"token\":\"tok-eli\"}");
    }

    @Test
    void asFetchesATokenAndSendsItWithoutPrintingIt() {
        assertThat(run("audit", "verify", "--as", "audrey")).isZero();

        assertThat(services.requests()).extracting(FakeServices.Request::path).containsExactly("/issuer/token", VERIFY);
        assertThat(services.requests().getLast().authorization()).isEqualTo("Bearer tok-audrey");
        assertThat(stdout() + stderr()).doesNotContain("tok-");
    }

    @Test
    void theEnvironmentTokenIsSentAndTokenOverridesIt() {
        env.put("STEWARD_TOKEN", "from-env");
        assertThat(run("audit", "verify")).isZero();
        assertThat(run("audit", "verify", "--token", "from-flag")).isZero();

        assertThat(services.requests()).extracting(FakeServices.Request::authorization)
                .containsExactly("Bearer from-env", "Bearer from-flag");
    }

    @Test
    void tokenAndAsTogetherIsAUsageError() {
        assertThat(run("audit", "verify", "--token", "t", "--as", "dana")).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: --token and --as cannot be used together — pass only one of them");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void anUnknownIdentityIsTheIssuersProblemOnOneLine() {
        env.put("STEWARD_ISSUER_URL", services.url("/unknown-identity"));
        services.answer("/unknown-identity/token", 400, PROBLEM_JSON,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Unknown identity 'zed'.\"}");

        assertThat(run("token", "zed")).isEqualTo(3);

        assertThat(oneErrorLine()).isEqualTo("steward: 400 Bad Request: Unknown identity 'zed'.");
    }

    @Test
    void anUnreachableIssuerSaysWhichVariableToSet() throws IOException {
        env.put("STEWARD_ISSUER_URL", FakeServices.unreachableUrl());

        assertThat(run("audit", "verify", "--as", "dana")).isEqualTo(3);

        assertThat(oneErrorLine()).startsWith("steward: cannot reach token issuer at " + env.get("STEWARD_ISSUER_URL"))
                .endsWith("— start it, or set STEWARD_ISSUER_URL to where it runs");
    }
}
