package org.steward.registry.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.Problems;
import org.steward.commons.web.StewardException;
import org.steward.registry.reproduction.ReproductionInProgressException;
import org.steward.registry.reproduction.ReproductionService;
import org.steward.registry.reproduction.Requester;
import org.steward.registry.reproduction.VersionReproduction;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Reproductions of a version, run by the registry: a request is accepted (202) and runs in the background as the
 * requester, whose own token reads the feature store; its resource shows the verdict once it ran.
 */
@RestController
@RequestMapping("/api/v1/models/{name}/versions/{version}/reproductions")
class ReproductionController {

    /** Who may rerun a version: its makers, and above all a validator checking it independently. */
    private static final String REPRODUCES = "hasAnyRole('data_scientist', 'ml_engineer', 'validator', 'approver', 'admin')";

    private final ReproductionService reproductions;

    ReproductionController(ReproductionService reproductions) {
        this.reproductions = reproductions;
    }

    /** The request's options; without a body the join is also rebuilt from the current sources, as the CLI does. */
    record ReproductionRequest(Boolean rebuildFromSources) {
    }

    @PostMapping
    @PreAuthorize(REPRODUCES)
    ResponseEntity<VersionReproduction> request(@PathVariable String name, @PathVariable int version,
                                                @RequestBody(required = false) ReproductionRequest request,
                                                Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken jwt)) {
            throw StewardException.forbidden("Bearer token required", "a reproduction reads the feature store with the "
                    + "requester's own bearer token; authenticate with one");
        }
        boolean rebuild = request == null || request.rebuildFromSources() == null || request.rebuildFromSources();
        VersionReproduction queued = reproductions.request(name, version, rebuild,
                new Requester(Callers.of(authentication).name(), jwt.getToken().getTokenValue(),
                        jwt.getToken().getExpiresAt()));
        return ResponseEntity.accepted().location(URI.create(queued.path())).body(queued);
    }

    /** Newest first. */
    @GetMapping
    @PreAuthorize("isAuthenticated()")
    List<VersionReproduction> list(@PathVariable String name, @PathVariable int version) {
        return reproductions.list(name, version);
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    VersionReproduction get(@PathVariable String name, @PathVariable int version, @PathVariable UUID id) {
        return reproductions.get(name, version, id);
    }

    /** The 409 names the reproduction under way, as a link to follow. */
    @ExceptionHandler(ReproductionInProgressException.class)
    ResponseEntity<ProblemDetail> inProgress(ReproductionInProgressException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "conflict", e.title(), e.getMessage());
        problem.setProperty("reproduction", e.active().path());
        problem.setProperty("reproductionStatus", e.active().status());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
