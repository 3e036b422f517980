package org.steward.governance.catalog;

import org.springframework.stereotype.Service;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Looks models and versions up in the catalog, and when the registry's event has not arrived yet (a request can
 * follow a registration faster than the event), asks the registry and keeps its answer.
 */
@Service
public class Catalog {

    /** A version with its model. */
    public record Entry(CatalogModel model, CatalogVersion version) {
    }

    private final CatalogRepository repository;
    private final CatalogProjection projection;
    private final RegistryClient registry;

    Catalog(CatalogRepository repository, CatalogProjection projection, RegistryClient registry) {
        this.repository = repository;
        this.projection = projection;
        this.registry = registry;
    }

    /**
     * The model and version, asking the registry for whichever the catalog lacks; call outside a transaction.
     *
     * @throws StewardException not found when the registry does not know them either
     */
    public Entry require(String model, int version) {
        Optional<CatalogModel> knownModel = repository.model(model);
        Optional<CatalogVersion> knownVersion = repository.version(model, version);
        if (knownModel.isEmpty() || knownVersion.isEmpty()) {
            JsonNode modelDoc = knownModel.isPresent() ? null : registry.model(model).orElseThrow(() -> notFound(model, version));
            JsonNode versionDoc = knownVersion.isPresent() ? null
                    : registry.version(model, version).orElseThrow(() -> notFound(model, version));
            projection.fill(modelDoc, versionDoc);
        }
        return new Entry(repository.model(model).orElseThrow(), repository.version(model, version).orElseThrow());
    }

    private static StewardException notFound(String model, int version) {
        return StewardException.notFound("Model version", "the model registry has no version " + version + " of model '"
                + model + "'");
    }
}
