package org.steward.governance.web;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;
import org.steward.governance.evidence.Evidence;
import org.steward.governance.evidence.EvidenceService;
import org.steward.governance.evidence.StoredEvidence;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A version's evidence: computed on request (validators, approvers, admins, and the version's author), read by anyone
 * signed in. Computing takes seconds and answers when the evidence and its report are stored.
 */
@RestController
@RequestMapping("/api/v1/models/{model}/versions/{version}/evidence")
class EvidenceController {

    private static final Set<String> MAY_COMPUTE_ANY = Set.of(StewardRole.VALIDATOR.authority(),
            StewardRole.APPROVER.authority(), StewardRole.ADMIN.authority());

    private final EvidenceService evidence;

    EvidenceController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    /**
     * @param gateInputs what the policy gates read, as stored
     * @param evidence   every number, table and curve of the evidence
     */
    record EvidenceSummary(UUID id, String model, int version, String artifactSha256, String reportSha256,
                           Instant createdAt, String createdBy, JsonNode gateInputs, Evidence evidence) {

        static EvidenceSummary of(StoredEvidence e) {
            return new EvidenceSummary(e.id(), e.model(), e.version(), e.artifactSha256(), e.reportSha256(),
                    e.createdAt(), e.createdBy(), e.body().gateInputs().toJson(), e.body());
        }
    }

    @PostMapping
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<EvidenceSummary> compute(@PathVariable String model, @PathVariable int version,
                                            Authentication authentication) {
        boolean privileged = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(MAY_COMPUTE_ANY::contains);
        StoredEvidence computed = evidence.compute(model, version, privileged);
        return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/versions/" + version + "/evidence"))
                .body(EvidenceSummary.of(computed));
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    EvidenceSummary latest(@PathVariable String model, @PathVariable int version) {
        return evidence.latest(model, version).map(EvidenceSummary::of).orElseThrow(() -> StewardException.notFound(
                "Evidence", "version " + version + " of " + model + " has no evidence yet: compute it with POST"
                        + " /api/v1/models/" + model + "/versions/" + version + "/evidence"));
    }
}
