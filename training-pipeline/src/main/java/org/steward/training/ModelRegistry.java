package org.steward.training;

import java.net.URI;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The model registry, as the pipeline uses it: versions and their registration. */
public interface ModelRegistry {

    /** The registered model (its card), so that a run fails before training when the model does not exist. */
    JsonNode model(String model);

    /** A registered version as the registry shows it: artifact hash, format, params, metrics, lineage, … */
    JsonNode version(String model, int version);

    /**
     * Registers a new version of {@code model} with its artifact and metadata (format, inputSignature, metrics,
     * params, lineage, artifactSha256), and returns it as registered.
     */
    JsonNode register(String model, ObjectNode metadata, byte[] artifact, String artifactFileName);

    /** The registry's REST API at {@code baseUrl}, authenticated with {@code token} (null for none). */
    static ModelRegistry http(URI baseUrl, String token) {
        return new HttpModelRegistry(new ServiceClient("model registry", baseUrl, token));
    }
}
