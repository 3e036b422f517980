package org.steward.governance.evidence;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.steward.commons.resilience.ServiceClients;
import org.steward.commons.web.StewardException;
import org.steward.runtime.ArtifactIntegrityException;
import org.steward.runtime.Artifacts;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What evidence needs from the other services, over REST with the caller's token: the model and version from the
 * registry ({@code steward.clients.services.registry.base-url}), the artifact's bytes, and the training-set snapshot
 * from the feature store ({@code steward.clients.services.featurestore.base-url}). Bytes are checked against the
 * hashes the registry recorded before anything is computed from them.
 */
@Component
class ServiceData {

    static final String REGISTRY = "registry";
    static final String FEATURE_STORE = "featurestore";

    private final ServiceClients clients;

    ServiceData(ServiceClients clients) {
        this.clients = clients;
    }

    ModelFacts facts(String model, int version) {
        RestClient registry = clients.client(REGISTRY);
        JsonNode card = fetch(registry, "the registry", "model " + model, JsonNode.class, "/api/v1/models/{m}", model);
        JsonNode registered = fetch(registry, "the registry", "version " + version + " of " + model, JsonNode.class,
                "/api/v1/models/{m}/versions/{v}", model, version);
        return ModelFacts.from(card, registered);
    }

    /** The artifact's bytes, verified against the registered SHA-256. */
    byte[] artifact(ModelFacts facts) {
        String what = "the artifact of " + facts.model() + " v" + facts.version();
        byte[] bytes = fetch(clients.client(REGISTRY), "the registry", what, byte[].class,
                "/api/v1/models/{m}/versions/{v}/artifact", facts.model(), facts.version());
        return verified(bytes, facts.artifactSha256(), what);
    }

    /** The training-set snapshot the lineage pins, its canonical CSV verified against the lineage's SHA-256. */
    TrainingSetRows trainingSet(ModelFacts facts) {
        ModelFacts.Lineage lineage = facts.lineage();
        if (lineage.trainingSetId() == null || lineage.trainingSetSha256() == null) {
            throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Evidence cannot be computed",
                    "version " + facts.version() + " of " + facts.model() + " does not pin a training set (lineage"
                            + " trainingSet {id, sha256}), so its performance cannot be recomputed");
        }
        RestClient store = clients.client(FEATURE_STORE);
        String what = "training set " + lineage.trainingSetId();
        JsonNode record = fetch(store, "the feature store", what, JsonNode.class, "/api/v1/training-sets/{id}",
                lineage.trainingSetId());
        byte[] csv = verified(fetch(store, "the feature store", "the rows of " + what, byte[].class,
                "/api/v1/training-sets/{id}/data?format=csv", lineage.trainingSetId()), lineage.trainingSetSha256(),
                "the rows of " + what);
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> roles = new LinkedHashMap<>();
        record.path("columns").forEach(c -> {
            types.put(c.path("name").asString(), c.path("type").asString());
            roles.put(c.path("name").asString(), c.path("role").asString());
        });
        return TrainingSetRows.parse(csv, types, roles);
    }

    private static <T> T fetch(RestClient client, String service, String what, Class<T> type, String uri,
                               Object... variables) {
        return client.get().uri(uri, variables).retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    throw failed(service, what, response.getStatusCode());
                })
                .body(type);
    }

    private static byte[] verified(byte[] bytes, String sha256, String what) {
        try {
            Artifacts.verify(bytes == null ? new byte[0] : bytes, sha256);
            return bytes;
        } catch (ArtifactIntegrityException e) {
            throw StewardException.conflict("Content does not match its hash", what + " does not hash to the "
                    + "recorded SHA-256 " + sha256 + ": " + e.getMessage() + "; nothing was computed from it");
        }
    }

    private static StewardException failed(String service, String what, HttpStatusCode status) {
        if (status.value() == 404) {
            return StewardException.notFound("Evidence input", service + " has no " + what);
        }
        if (status.value() == 401 || status.value() == 403) {
            return StewardException.forbidden("Not allowed to read " + what, service + " refused to show " + what
                    + " to the caller (HTTP " + status.value() + ")");
        }
        return new StewardException(StewardException.Kind.UNAVAILABLE, "Service unavailable",
                service + " could not answer for " + what + " (HTTP " + status.value() + "); retry in a moment");
    }
}
