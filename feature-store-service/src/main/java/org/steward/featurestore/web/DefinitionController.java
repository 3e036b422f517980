package org.steward.featurestore.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionCodec;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.Plan;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;

/** Definitions as code: apply a YAML or JSON document (or plan it with {@code dryRun=true}), read them back. */
@RestController
@RequestMapping("/api/v1")
class DefinitionController {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final DefinitionService definitions;
    private final JsonMapper json;

    DefinitionController(DefinitionService definitions, JsonMapper json) {
        this.definitions = definitions;
        this.json = json;
    }

    record PlanView(boolean dryRun, boolean changesAnything, List<Plan.Change> changes) {
    }

    @PostMapping(value = "/definitions", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    ResponseEntity<PlanView> apply(@RequestBody String body, @RequestParam(defaultValue = "false") boolean dryRun,
                                   @RequestHeader(value = "Content-Type", defaultValue = "application/yaml") String contentType) {
        JsonNode document;
        try {
            document = contentType.contains("json") ? json.readTree(body) : YAML.readTree(body);
        } catch (JacksonException e) {
            throw StewardException.invalid("the definition document is not valid " + (contentType.contains("json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage());
        }
        Plan plan = definitions.apply(document, dryRun);
        return ResponseEntity.status(dryRun || !plan.changesAnything() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new PlanView(dryRun, plan.changesAnything(), plan.changes()));
    }

    /** The latest version of every definition, in the same shape as an applied document. */
    @GetMapping("/definitions")
    @PreAuthorize("isAuthenticated()")
    ObjectNode latest() {
        return document(definitions.catalog().latestOnly());
    }

    @GetMapping("/feature-views/{name}/versions")
    @PreAuthorize("isAuthenticated()")
    ArrayNode viewVersions(@PathVariable String name) {
        ArrayNode versions = json.createArrayNode();
        definitions.catalog().featureViews().stream().filter(v -> v.name().equals(name))
                .forEach(v -> versions.add(DefinitionCodec.toJson(v)));
        if (versions.isEmpty()) {
            throw StewardException.notFound("Feature view", "no feature view named '" + name + "'; GET /api/v1/definitions lists them");
        }
        return versions;
    }

    @GetMapping("/feature-services/{name}/versions")
    @PreAuthorize("isAuthenticated()")
    ArrayNode serviceVersions(@PathVariable String name) {
        ArrayNode versions = json.createArrayNode();
        definitions.catalog().featureServices().stream().filter(s -> s.name().equals(name))
                .forEach(s -> versions.add(DefinitionCodec.toJson(s)));
        if (versions.isEmpty()) {
            throw StewardException.notFound("Feature service", "no feature service named '" + name + "'; GET /api/v1/definitions lists them");
        }
        return versions;
    }

    private ObjectNode document(Catalog catalog) {
        ObjectNode doc = json.createObjectNode();
        catalog.entities().forEach(e -> doc.withArray("entities").add(DefinitionCodec.toJson(e)));
        catalog.featureViews().forEach(v -> doc.withArray("featureViews").add(DefinitionCodec.toJson(v)));
        catalog.transformations().forEach(t -> doc.withArray("transformations").add(DefinitionCodec.toJson(t)));
        catalog.featureServices().forEach(s -> doc.withArray("featureServices").add(DefinitionCodec.toJson(s)));
        return doc;
    }
}
