package org.steward.registry.reproduction;

import org.springframework.stereotype.Component;
import org.steward.registry.model.ModelService;
import org.steward.registry.version.VersionService;
import org.steward.training.ModelRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry as the training pipeline's {@link Reproducer} reads it, from the registry's own data in this process
 * (the same JSON its API shows) rather than over HTTP to itself. A reproduction never registers anything.
 *
 * @see org.steward.training.Reproducer
 */
@Component
class InProcessRegistry implements ModelRegistry {

    private final ModelService models;
    private final VersionService versions;
    private final JsonMapper json;

    InProcessRegistry(ModelService models, VersionService versions, JsonMapper json) {
        this.models = models;
        this.versions = versions;
        this.json = json;
    }

    @Override
    public JsonNode model(String model) {
        return json.valueToTree(models.get(model));
    }

    @Override
    public JsonNode version(String model, int version) {
        return json.valueToTree(versions.get(model, version));
    }

    @Override
    public JsonNode register(String model, ObjectNode metadata, byte[] artifact, String artifactFileName) {
        throw new UnsupportedOperationException("a reproduction never registers a version");
    }
}
