package org.steward.governance.catalog;

import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.steward.commons.resilience.ServiceClients;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * Asks the registry over REST for a model or version whose event has not reached the catalog yet. The caller's token
 * goes with the question, so the registry authorises the same person.
 */
@Component
class RegistryClient {

    /** The client's name: {@code steward.clients.services.registry.base-url}. */
    static final String NAME = "registry";

    private final RestClient registry;
    private final JsonMapper json;

    RegistryClient(ServiceClients clients, JsonMapper json) {
        this.registry = clients.client(NAME);
        this.json = json;
    }

    Optional<JsonNode> model(String name) {
        return get("/api/v1/models/{name}", name);
    }

    Optional<JsonNode> version(String model, int version) {
        return get("/api/v1/models/{name}/versions/{version}", model, version);
    }

    private Optional<JsonNode> get(String uri, Object... variables) {
        try {
            return registry.get().uri(uri, variables).exchange((request, response) -> {
                int status = response.getStatusCode().value();
                if (status == 404) {
                    return Optional.empty();
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw unavailable("it answered HTTP " + status + " to GET " + request.getURI().getPath());
                }
                return Optional.of(json.readTree(response.getBody()));
            });
        } catch (ResourceAccessException e) {
            throw unavailable("it could not be reached");
        }
    }

    private static StewardException unavailable(String why) {
        return new StewardException(StewardException.Kind.UNAVAILABLE, "Model registry unavailable",
                "governance does not know this model version yet and could not ask the model registry: " + why
                        + "; retry in a moment");
    }
}
