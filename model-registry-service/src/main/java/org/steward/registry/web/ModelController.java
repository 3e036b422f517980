package org.steward.registry.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.steward.registry.model.DecisionPolicy;
import org.steward.registry.model.KpiDefinition;
import org.steward.registry.model.ModelCard;
import org.steward.registry.model.ModelService;
import org.steward.registry.model.RegisteredModel;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    /** The registration request; the author is taken from the token, never from the body. */
    record RegisterModel(String name, String useCase, @NotNull Integer riskTier, String owner, String description,
                         String intendedUse, String limitations, List<String> protectedAttributes,
                         DecisionPolicy decisionPolicy, Map<String, String> reasonCodes, List<KpiDefinition> kpis) {

        ModelCard card() {
            return new ModelCard(description, intendedUse, limitations, protectedAttributes, decisionPolicy, reasonCodes, kpis);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    RegisteredModel register(@Valid @RequestBody RegisterModel request) {
        return models.register(request.name(), request.useCase(), request.riskTier(), request.owner(), request.card());
    }

    /**
     * Changes the model's card by JSON merge patch (RFC 7396): members given replace, {@code null} clears. The service
     * allows the model's owner, ML engineers and admins.
     */
    @PatchMapping(path = "/{name}", consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @PreAuthorize("isAuthenticated()")
    RegisteredModel updateCard(@PathVariable String name, @RequestBody JsonNode patch, Authentication authentication) {
        return models.updateCard(name, patch, Callers.of(authentication));
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    List<RegisteredModel> list() {
        return models.list();
    }

    @GetMapping("/{name}")
    @PreAuthorize("isAuthenticated()")
    RegisteredModel get(@PathVariable String name) {
        return models.get(name);
    }
}
