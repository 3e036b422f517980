package org.steward.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP endpoints the command line talks to, each configured by one environment variable with a
 * local-development default, so the same binary serves a laptop and a CI pipeline unchanged.
 */
enum Endpoint {
    FEATURE_STORE("feature-store", "STEWARD_FEATURE_STORE_URL", "http://localhost:8081"),
    MODEL_REGISTRY("model-registry", "STEWARD_MODEL_REGISTRY_URL", "http://localhost:8082"),
    DEPLOYMENT("deployment", "STEWARD_DEPLOYMENT_URL", "http://localhost:8083"),
    MONITORING("monitoring", "STEWARD_MONITORING_URL", "http://localhost:8084"),
    GOVERNANCE("governance", "STEWARD_GOVERNANCE_URL", "http://localhost:8085"),
    ISSUER("token issuer", "STEWARD_ISSUER_URL", "http://localhost:8090");

    /** The platform's services, in the order `steward status` lists them; the issuer is not one. */
    static final List<Endpoint> SERVICES = List.of(FEATURE_STORE, MODEL_REGISTRY, DEPLOYMENT, MONITORING, GOVERNANCE);

    final String displayName;
    final String envVar;
    final String defaultUrl;

    Endpoint(String displayName, String envVar, String defaultUrl) {
        this.displayName = displayName;
        this.envVar = envVar;
        this.defaultUrl = defaultUrl;
    }

    /** The base URL from the environment (or the default), without a trailing slash. */
    URI baseUrl(Map<String, String> env) {
        String value = env.getOrDefault(envVar, "").strip();
        if (value.isEmpty()) {
            value = defaultUrl;
        }
        try {
            URI uri = new URI(value.replaceAll("/+$", ""));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(Exit.USAGE, envVar + " is not a valid URL ('" + value + "')",
                    "set it to e.g. " + defaultUrl);
        }
    }
}
