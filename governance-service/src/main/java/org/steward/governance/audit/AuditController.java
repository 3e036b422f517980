package org.steward.governance.audit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.steward.commons.audit.chain.ChainVerification;
import org.steward.commons.audit.chain.Checkpoint;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/** The audit trail for auditors, validators, approvers and operations: search, verification, checkpoints, export. */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasAnyRole('auditor', 'approver', 'validator', 'operations', 'admin')")
class AuditController {

    private static final int MAX_PAGE_SIZE = 1_000;

    private final AuditTrail trail;
    private final AuditQueries queries;
    private final JsonMapper json;

    AuditController(AuditTrail trail, AuditQueries queries, JsonMapper json) {
        this.trail = trail;
        this.queries = queries;
        this.json = json;
    }

    record AuditEventView(long sequence, String eventId, Instant time, String source, String type, String subject,
                          String actor, String action, String reason, JsonNode before, JsonNode after, String hash,
                          String prevHash) {
    }

    record AuditEventPage(List<AuditEventView> events, int page, int size, long totalEvents) {
    }

    @GetMapping("/events")
    AuditEventPage events(@RequestParam(required = false) String subject, @RequestParam(required = false) String actor,
                          @RequestParam(required = false) String action, @RequestParam(required = false) Instant from,
                          @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "0") int page,
                          @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw StewardException.invalid("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE
                    + " (got page " + page + ", size " + size + ")");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw StewardException.invalid("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        var filter = new AuditChainStore.Filter(subject, actor, action, from, to);
        List<AuditEventView> events = queries.find(filter, page, size).stream().map(this::view).toList();
        return new AuditEventPage(events, page, size, queries.count(filter));
    }

    record VerifyResponse(boolean intact, long count, Long headSequence, String headHash, Broken broken,
                          Checkpoint latestCheckpoint) {
        record Broken(long sequence, String eventId, String problem, String message) {
        }
    }

    @GetMapping("/verify")
    VerifyResponse verify() {
        AuditTrail.Verification verification = trail.verify();
        return switch (verification.chain()) {
            case ChainVerification.Intact ok -> new VerifyResponse(true, ok.count(), ok.headSequence(), ok.headHash(),
                    null, verification.latestCheckpoint());
            case ChainVerification.Broken b -> new VerifyResponse(false, b.checked(), null, null,
                    new VerifyResponse.Broken(b.sequence(), b.eventId(), b.problem().name(), b.message()),
                    verification.latestCheckpoint());
        };
    }

    @PostMapping("/checkpoints")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('auditor', 'operations', 'admin')")
    Checkpoint checkpoint() {
        return trail.checkpoint();
    }

    @GetMapping("/checkpoints")
    List<Checkpoint> checkpoints() {
        return trail.checkpoints();
    }

    @GetMapping(value = "/public-key", produces = {"application/x-pem-file", MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize("isAuthenticated()")
    String publicKey() {
        return trail.keys().publicKeyPem();
    }

    /** The chain with its checkpoints as one file, streamed, for verification offline with the public key alone. */
    @GetMapping("/export")
    @PreAuthorize("hasAnyRole('auditor', 'admin')")
    ResponseEntity<StreamingResponseBody> export() {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"steward-audit-export.json\"")
                .body(queries::export);
    }

    private AuditEventView view(AuditChainStore.Link link) {
        JsonNode event = json.readTree(link.event());
        JsonNode data = event.path("data");
        return new AuditEventView(link.sequence(), link.eventId(), link.time(), link.source(), event.path("type").asString(),
                link.subject(), link.actor(), link.action(), nullable(data.get("reason")), nullable(data, "before"),
                nullable(data, "after"), link.hash(), link.prevHash());
    }

    private static String nullable(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static JsonNode nullable(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
