package org.steward.cli;

import java.util.Map;

/**
 * Where bearer tokens come from. The token is only ever sent to the services; it is printed by
 * {@code steward token} alone, so that it does not end up in CI logs by accident.
 */
final class Tokens {
    private final Http http;
    private final Map<String, String> env;

    Tokens(Http http, Map<String, String> env) {
        this.http = http;
        this.env = env;
    }

    /** A demo token for {@code identity}, from the embedded issuer's {@code POST /token}. */
    String issue(String identity) {
        String token = http.postForm(Endpoint.ISSUER, "/token", Map.of("identity", identity))
                .path("access_token").asString("");
        if (token.isEmpty()) {
            throw new CliException(Exit.SERVICE_ERROR, "the token issuer answered without an access_token",
                    "check that " + Endpoint.ISSUER.envVar + " points at the token issuer");
        }
        return token;
    }

    /** {@code --token}, else a token issued for {@code --as}, else {@code STEWARD_TOKEN}, else none. */
    String resolve(AuthOptions auth) {
        if (auth.token != null && auth.identity != null) {
            throw new CliException(Exit.USAGE, "--token and --as cannot be used together", "pass only one of them");
        }
        if (auth.token != null) {
            return auth.token;
        }
        if (auth.identity != null) {
            return issue(auth.identity);
        }
        String fromEnv = env.getOrDefault("STEWARD_TOKEN", "").strip();
        return fromEnv.isEmpty() ? null : fromEnv;
    }
}
