package org.steward.governance.report;

import java.util.UUID;

/**
 * One rendering of a version's validation report, in both formats.
 *
 * @param inputsSha256 SHA-256 of the canonical JSON of what it was rendered from: the evidence id and the
 *                     workflow's facts; a report is stale when this changes
 * @param pdfSha256    the PDF's address: the validation report hash validators bind to
 */
public record StoredReport(String model, int version, String artifactSha256, UUID evidenceId, String inputsSha256,
                           String pdfSha256, String htmlSha256) {

    String sha256(String format) {
        return format.equals(ReportService.PDF) ? pdfSha256 : htmlSha256;
    }
}
