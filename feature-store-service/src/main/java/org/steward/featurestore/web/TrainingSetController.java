package org.steward.featurestore.web;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.trainingset.TrainingSet;
import org.steward.featurestore.trainingset.TrainingSetService;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Point-in-time correct training sets: upload entity rows (CSV: join keys, {@code event_time}, any extra columns
 * such as a label) for a feature service, then read the immutable snapshot's record, lineage and rows — rows only
 * while they still hash to the recorded content hash, which {@code /verify} checks on its own.
 */
@RestController
@RequestMapping("/api/v1/training-sets")
class TrainingSetController {

    private static final MediaType PARQUET = MediaType.parseMediaType("application/vnd.apache.parquet");
    private static final int MAX_LIST = 1000;

    private final TrainingSetService trainingSets;
    private final AuditLog audit;

    TrainingSetController(TrainingSetService trainingSets, AuditLog audit) {
        this.trainingSets = trainingSets;
        this.audit = audit;
    }

    /**
     * Builds a training set. Up to {@value TrainingSetService#SYNC_ROW_LIMIT} entity rows: 201 with the snapshot's
     * record; more: 202 with the job building it ({@code GET /api/v1/jobs/{id}}, whose result is the record).
     */
    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    ResponseEntity<ObjectNode> create(@RequestParam String featureService, @RequestParam(required = false) Integer version,
                                      @RequestParam(defaultValue = "false") boolean excludeCreatedAfter,
                                      @RequestParam(required = false) String name, InputStream body) throws IOException {
        TrainingSetService.Request request = new TrainingSetService.Request(featureService, version, excludeCreatedAfter, name);
        return switch (trainingSets.create(request, body, audit.currentActor())) {
            case TrainingSetService.Submission.Built built -> ResponseEntity
                    .created(URI.create("/api/v1/training-sets/" + built.trainingSet().id()))
                    .body(built.trainingSet().toJson());
            case TrainingSetService.Submission.Queued queued -> {
                ObjectNode job = JsonNodeFactory.instance.objectNode();
                job.put("jobId", queued.jobId().toString());
                job.put("rows", queued.rows());
                job.put("status", "/api/v1/jobs/" + queued.jobId());
                yield ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/jobs/" + queued.jobId())).body(job);
            }
        };
    }

    /** The newest first; {@code featureService} narrows to one service. */
    @GetMapping
    @PreAuthorize("isAuthenticated()")
    ArrayNode list(@RequestParam(required = false) String featureService, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw StewardException.invalid("limit must be between 1 and " + MAX_LIST);
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        trainingSets.list(featureService, limit).forEach(t -> list.add(t.toJson()));
        return list;
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    ObjectNode get(@PathVariable UUID id) {
        return trainingSets.get(id).toJson();
    }

    /**
     * The rows, streamed once they are known to hash to the recorded content hash (409 if they no longer do). CSV is
     * the canonical CSV: its SHA-256 is the record's {@code contentSha256}, also sent as the {@code Repr-Digest}
     * header (RFC 9530). Parquet carries the same rows with their column types.
     */
    @GetMapping("/{id}/data")
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<StreamingResponseBody> data(@PathVariable UUID id, @RequestParam(defaultValue = "csv") String format)
            throws IOException {
        TrainingSetService.Download download = trainingSets.download(id, TrainingSetService.Format.of(format), audit.currentActor());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename("training-set-" + id + "." + download.format().extension()).build());
        MediaType type = switch (download.format()) {
            case CSV -> {
                String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(download.trainingSet().contentSha256()));
                headers.set("Repr-Digest", "sha-256=:" + digest + ":");
                yield new MediaType("text", "csv", StandardCharsets.UTF_8);
            }
            case PARQUET -> PARQUET;
        };
        return ResponseEntity.ok().headers(headers).contentType(type).body(out -> {
            try (InputStream content = download.content()) {
                content.transferTo(out);
            }
        });
    }

    /**
     * Recomputes the content hash of the snapshot's rows: {@code intact} says whether they are still the rows it was
     * built with (a mismatch is audited).
     */
    @GetMapping("/{id}/verify")
    @PreAuthorize("isAuthenticated()")
    ObjectNode verify(@PathVariable UUID id) throws IOException {
        return trainingSets.verify(id, audit.currentActor()).toJson();
    }
}
