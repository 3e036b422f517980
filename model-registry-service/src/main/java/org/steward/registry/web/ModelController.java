package org.steward.registry.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.steward.registry.model.ModelService;
import org.steward.registry.model.RegisteredModel;

import java.util.List;

@RestController
@RequestMapping("/api/v1/models")
class ModelController {

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    /** The registration request; the author is taken from the token, never from the body. */
    record RegisterModel(String name, String useCase, @NotNull Integer riskTier, String owner, String description) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    RegisteredModel register(@Valid @RequestBody RegisterModel request) {
        return models.register(request.name(), request.useCase(), request.riskTier(), request.owner(), request.description());
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
