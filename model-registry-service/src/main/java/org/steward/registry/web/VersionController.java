package org.steward.registry.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.steward.commons.web.StewardException;
import org.steward.registry.support.StrictJson;
import org.steward.registry.version.LifecycleService;
import org.steward.registry.version.ModelVersion;
import org.steward.registry.version.VerifiedArtifact;
import org.steward.registry.version.VersionComparison;
import org.steward.registry.version.VersionService;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Base64;
import java.util.List;

/**
 * Versions of registered models: registration with the artifact (multipart, or JSON with the artifact in base64 for
 * small ones), reads with reproducibility evidence, the verified artifact, search, comparison, and the one transition
 * the registry's API allows.
 */
@RestController
@RequestMapping("/api/v1")
class VersionController {

    private static final String REGISTERS = "hasAnyRole('data_scientist', 'ml_engineer', 'admin')";

    private final VersionService versions;
    private final LifecycleService lifecycle;
    private final StrictJson strict;

    VersionController(VersionService versions, LifecycleService lifecycle, StrictJson strict) {
        this.versions = versions;
        this.lifecycle = lifecycle;
        this.strict = strict;
    }

    /** Parts: {@code artifact} (the model file) and {@code metadata} (JSON: format, inputSignature, metrics, params, lineage). */
    @PostMapping(path = "/models/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(REGISTERS)
    ResponseEntity<ModelVersion> register(@PathVariable String name, @RequestPart("artifact") MultipartFile artifact,
                                          @RequestPart("metadata") String metadata) throws IOException {
        try (InputStream content = artifact.getInputStream()) {
            return created(versions.register(name, strict.parse(metadata, "the metadata part"), content));
        }
    }

    /** The JSON form: the metadata and the artifact's bytes in base64, for artifacts that fit in memory. */
    record JsonRegistration(JsonNode metadata, String artifactBase64) {
    }

    @PostMapping(path = "/models/{name}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(REGISTERS)
    ResponseEntity<ModelVersion> register(@PathVariable String name, @RequestBody JsonRegistration request) {
        if (request.artifactBase64() == null) {
            throw StewardException.invalid("artifactBase64 is required: the artifact's bytes in base64 "
                    + "(or send multipart/form-data with an artifact part and a metadata part)");
        }
        byte[] artifact;
        try {
            artifact = Base64.getDecoder().decode(request.artifactBase64());
        } catch (IllegalArgumentException e) {
            throw StewardException.invalid("artifactBase64 is not base64: " + e.getMessage());
        }
        return created(versions.register(name, request.metadata(), new ByteArrayInputStream(artifact)));
    }

    @GetMapping("/models/{name}/versions")
    @PreAuthorize("isAuthenticated()")
    List<ModelVersion> list(@PathVariable String name) {
        return versions.list(name);
    }

    @GetMapping("/models/{name}/versions/{version}")
    @PreAuthorize("isAuthenticated()")
    ModelVersion get(@PathVariable String name, @PathVariable int version) {
        return versions.get(name, version);
    }

    /** Metrics side by side with their deltas ({@code b - a}), and the params and lineage that differ. */
    @GetMapping("/models/{name}/versions/compare")
    @PreAuthorize("isAuthenticated()")
    VersionComparison compare(@PathVariable String name, @RequestParam int a, @RequestParam int b) {
        return versions.compare(name, a, b);
    }

    /** The artifact's bytes, verified against the registered SHA-256 before they are sent; a mismatch is a 409 problem. */
    @GetMapping("/models/{name}/versions/{version}/artifact")
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<Resource> artifact(@PathVariable String name, @PathVariable int version) {
        VerifiedArtifact artifact = versions.verifiedArtifact(name, version);
        ModelVersion v = artifact.version();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(v.artifactSize())
                .eTag("\"" + v.artifactSha256() + "\"")
                .header("X-Artifact-SHA256", v.artifactSha256())
                .header("X-Artifact-Format", v.format().code())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "-" + version + "." + v.format().extension()).build().toString())
                .body(new InputStreamResource(artifact.content()));
    }

    /** The request of a transition; only {@code archived} from {@code dev} is the registry's to grant. */
    record TransitionRequest(String to, String reason) {
    }

    @PostMapping("/models/{name}/versions/{version}/transitions")
    @PreAuthorize("isAuthenticated()")
    ModelVersion transition(@PathVariable String name, @PathVariable int version, @RequestBody TransitionRequest request,
                            Authentication authentication) {
        if (request.to() == null) {
            throw StewardException.invalid("to is required: the status to move to");
        }
        return lifecycle.requestTransition(name, version, request.to(), request.reason(), Callers.of(authentication));
    }

    /** Versions across models, newest first; every filter optional. */
    @GetMapping("/versions")
    @PreAuthorize("isAuthenticated()")
    List<ModelVersion> search(@RequestParam(required = false) String status, @RequestParam(required = false) String useCase,
                              @RequestParam(required = false) String model,
                              @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return versions.search(status, useCase, model, limit);
    }

    private static ResponseEntity<ModelVersion> created(ModelVersion version) {
        return ResponseEntity.created(URI.create("/api/v1/models/" + version.model() + "/versions/" + version.version()))
                .body(version);
    }
}
