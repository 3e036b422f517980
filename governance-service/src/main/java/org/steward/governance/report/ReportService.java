package org.steward.governance.report;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.json.Sha256;
import org.steward.commons.web.StewardException;
import org.steward.governance.approval.GovernanceFacts;
import org.steward.governance.evidence.EvidenceRepository;
import org.steward.governance.evidence.StoredEvidence;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Validation reports: rendered from a version's latest evidence and the workflow's current facts, in HTML and PDF,
 * stored by content address. A report is rendered only when it is missing or stale — when the evidence or the facts
 * changed — so asking twice gives the same bytes, and the same inputs always give the same bytes.
 */
@Service
public class ReportService {

    public static final String PDF = "pdf";
    public static final String HTML = "html";

    private final EvidenceRepository evidence;
    private final ReportRepository reports;
    private final ObjectProvider<GovernanceFacts> facts;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;

    ReportService(EvidenceRepository evidence, ReportRepository reports, ObjectProvider<GovernanceFacts> facts,
                  JsonMapper json, AuditLog audit, Clock clock) {
        this.evidence = evidence;
        this.reports = reports;
        this.facts = facts;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** The current report of the version, from its latest evidence; rendered and stored if missing or stale. */
    @Transactional
    public StoredReport render(String model, int version) {
        StoredEvidence latest = evidence.latest(model, version).orElseThrow(() -> StewardException.notFound(
                "Evidence", "version " + version + " of " + model + " has no evidence yet, so no report: compute it"
                        + " with POST /api/v1/models/" + model + "/versions/" + version + "/evidence"));
        return render(latest);
    }

    /** The report of this evidence with the workflow's current facts; rendered and stored if missing or stale. */
    @Transactional
    public StoredReport render(StoredEvidence stored) {
        GovernanceFacts workflow = facts.getIfAvailable();
        ReportFacts current = workflow == null ? ReportFacts.unavailable()
                : ReportFacts.of(workflow, stored.model(), stored.version());
        ObjectNode inputs = json.createObjectNode().put("evidenceId", stored.id().toString());
        inputs.set("facts", json.valueToTree(current));
        String inputsSha256 = Sha256.hexOfCanonical(inputs);
        return reports.find(stored.id(), inputsSha256).orElseGet(() -> store(stored, current, inputsSha256));
    }

    /** The bytes of one format of a rendering. */
    public byte[] content(StoredReport report, String format) {
        String sha256 = report.sha256(format);
        return reports.content(sha256).orElseThrow(() -> new IllegalStateException("report " + sha256 + " vanished"));
    }

    private StoredReport store(StoredEvidence stored, ReportFacts current, String inputsSha256) {
        ReportDocument document = ReportBuilder.build(stored, current);
        byte[] pdf = PdfReport.render(document, stored.createdAt(),
                stored.id().getMostSignificantBits() ^ stored.id().getLeastSignificantBits());
        byte[] html = HtmlReport.render(document);
        StoredReport report = new StoredReport(stored.model(), stored.version(), stored.artifactSha256(), stored.id(),
                inputsSha256, Sha256.hex(pdf), Sha256.hex(html));
        Instant now = clock.instant();
        String by = audit.currentActor();
        reports.insert(report, PDF, pdf, now, by);
        reports.insert(report, HTML, html, now, by);
        evidence.reportRendered(stored.id(), report.pdfSha256());
        audit.record("report.rendered", "model/" + stored.model() + "/versions/" + stored.version(), null,
                Map.of("evidenceId", stored.id().toString(), "pdfSha256", report.pdfSha256(),
                        "htmlSha256", report.htmlSha256(), "artifactSha256", stored.artifactSha256()), null);
        return report;
    }
}
