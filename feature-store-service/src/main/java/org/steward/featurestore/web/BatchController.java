package org.steward.featurestore.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.steward.commons.web.Problems;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.ingest.Batch;
import org.steward.featurestore.ingest.BatchFormat;
import org.steward.featurestore.ingest.IngestOutcome;
import org.steward.featurestore.ingest.IngestService;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Validated ingest: upload a batch for a feature view (CSV, JSON lines or Parquet as the request body), read
 * batches and their reports, download a batch's original content, replay a quarantined batch with a fixed file.
 */
@RestController
@RequestMapping("/api/v1")
class BatchController {

    private static final String FORMATS = "text/csv (CSV with a header row), application/x-ndjson (JSON lines) or "
            + "application/vnd.apache.parquet (or application/octet-stream with ?format=csv|jsonl|parquet)";

    private final IngestService ingest;

    BatchController(IngestService ingest) {
        this.ingest = ingest;
    }

    /** The acknowledgement of an accepted batch. */
    record Accepted(UUID batchId, String view, int version, long rows, Instant minEventTime, Instant maxEventTime,
                    UUID replayOf) {
    }

    @PostMapping("/feature-views/{name}/batches")
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    ResponseEntity<?> upload(@PathVariable String name, @RequestParam(required = false) Integer version,
                             @RequestParam(required = false) String format,
                             @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                             InputStream body) throws IOException {
        return respond(ingest.upload(name, version, format(contentType, format), body));
    }

    @PostMapping("/batches/{id}/replay")
    @PreAuthorize("hasAnyRole('data_scientist', 'ml_engineer', 'admin')")
    ResponseEntity<?> replay(@PathVariable UUID id, @RequestParam(required = false) String format,
                             @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                             InputStream body) throws IOException {
        return respond(ingest.replay(id, format(contentType, format), body));
    }

    @GetMapping("/batches/{id}")
    @PreAuthorize("isAuthenticated()")
    Batch batch(@PathVariable UUID id) {
        return ingest.require(id);
    }

    /** The newest batches first; {@code ?status=QUARANTINED} lists what waits to be fixed. */
    @GetMapping("/batches")
    @PreAuthorize("isAuthenticated()")
    List<Batch> batches(@RequestParam(required = false) Batch.Status status, @RequestParam(required = false) String view,
                        @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return ingest.list(status, view, limit);
    }

    /** The batch's original bytes, exactly as they were offered (a stream source's poll as JSON lines). */
    @GetMapping("/batches/{id}/content")
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<StreamingResponseBody> content(@PathVariable UUID id) {
        Batch batch = ingest.require(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(batch.format().contentType()))
                .contentLength(batch.contentBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "." + batch.format().code() + "\"")
                .header("X-Content-SHA256", batch.contentSha256())
                .body(out -> ingest.writeContent(id, out));
    }

    private static ResponseEntity<?> respond(IngestOutcome outcome) {
        return switch (outcome) {
            case IngestOutcome.Accepted a -> ResponseEntity.created(URI.create("/api/v1/batches/" + a.batchId()))
                    .body(new Accepted(a.batchId(), a.view(), a.version(), a.rows(), a.minEventTime(), a.maxEventTime(), a.replayOf()));
            case IngestOutcome.Quarantined q -> {
                ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "batch-refused", "Batch refused",
                        q.violationCount() + " violation(s) in " + q.rows() + " row(s) of a batch for " + q.view() + "@"
                                + q.version() + "; nothing landed. First: " + q.report().getFirst().describe()
                                + ". The batch is quarantined as " + q.batchId() + ": fix the file and POST it to /api/v1/batches/"
                                + q.batchId() + "/replay");
                problem.setProperty("batchId", q.batchId());
                problem.setProperty("violationCount", q.violationCount());
                problem.setProperty("report", q.report());
                yield ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .location(URI.create("/api/v1/batches/" + q.batchId())).body(problem);
            }
        };
    }

    /** The format of a body: {@code ?format=} when given, else what its Content-Type names. */
    private static BatchFormat format(String contentType, String format) {
        if (format != null) {
            return BatchFormat.fromCode(format).orElseThrow(() -> StewardException.invalid(
                    "format '" + format + "' is not one of csv, jsonl, parquet"));
        }
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("Content-Type missing", "say what the body is with a Content-Type header: " + FORMATS);
        }
        if (contentType.toLowerCase(Locale.ROOT).startsWith(BatchFormat.OCTET_STREAM)) {
            throw unsupported("Format needed", "application/octet-stream does not say which format the file is in; add "
                    + "?format=parquet (or csv, jsonl)");
        }
        return BatchFormat.fromContentType(contentType).orElseThrow(() -> unsupported("Unsupported Content-Type",
                "Content-Type '" + contentType + "' is not a batch format; send " + FORMATS));
    }

    private static ErrorResponseException unsupported(String title, String detail) {
        return new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", title, detail), null);
    }
}
