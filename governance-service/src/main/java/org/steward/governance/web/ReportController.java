package org.steward.governance.web;

import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.steward.commons.web.StewardException;
import org.steward.governance.report.ReportService;
import org.steward.governance.report.StoredReport;

import java.nio.charset.StandardCharsets;

/**
 * A version's validation report, PDF or HTML, rendered from its latest evidence and the workflow's current facts if
 * missing or stale. The {@code X-Report-SHA256} header is the address of what was sent; for the PDF it is the hash
 * a validator binds an act to.
 */
@RestController
class ReportController {

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping("/api/v1/models/{model}/versions/{version}/report")
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<byte[]> report(@PathVariable String model, @PathVariable int version,
                                  @RequestParam(defaultValue = ReportService.PDF) String format) {
        MediaType type = switch (format) {
            case ReportService.PDF -> MediaType.APPLICATION_PDF;
            case ReportService.HTML -> new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
            default -> throw StewardException.invalid("format must be pdf or html, not '" + format + "'");
        };
        StoredReport report = reports.render(model, version);
        byte[] content = reports.content(report, format);
        String sha256 = format.equals(ReportService.PDF) ? report.pdfSha256() : report.htmlSha256();
        return ResponseEntity.ok()
                .contentType(type)
                .eTag("\"" + sha256 + "\"")
                .header("X-Report-SHA256", sha256)
                .header("X-Report-PDF-SHA256", report.pdfSha256())
                .header("X-Evidence-Id", report.evidenceId().toString())
                .header("X-Artifact-SHA256", report.artifactSha256())
                .header("Content-Disposition", ContentDisposition.inline()
                        .filename(model + "-v" + version + "-validation-report." + format).build().toString())
                .body(content);
    }
}
