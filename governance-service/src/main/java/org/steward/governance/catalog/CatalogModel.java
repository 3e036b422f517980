package org.steward.governance.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model as governance knows it: what decides its gates (risk tier, protected attributes) and what the
 * inventory shows (use case, owner, champion).
 *
 * @param decisionPolicy  the registry's decision policy as JSON text; null until the model has one
 * @param championVersion the production version that answers; null when there is none
 * @param updatedAt       when the registry last changed it, so an older copy never overwrites a newer one
 */
public record CatalogModel(String name, String useCase, int riskTier, String owner, List<String> protectedAttributes,
                           Map<String, String> reasonCodes, String decisionPolicy, Integer championVersion,
                           Instant updatedAt) {

    public CatalogModel {
        protectedAttributes = List.copyOf(protectedAttributes);
        reasonCodes = Map.copyOf(reasonCodes);
    }
}
