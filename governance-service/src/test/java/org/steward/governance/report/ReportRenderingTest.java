package org.steward.governance.report;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.steward.governance.approval.GovernanceFacts;
import org.steward.governance.evidence.Evidence;
import org.steward.governance.evidence.EvidenceFixtures;
import org.steward.governance.evidence.StoredEvidence;
import tools.jackson.databind.json.JsonMapper;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation report of the example scorecard, rendered without services: the PDF is rasterised and every chart
 * area must be drawn (many non-white pixels where the page places the image), the HTML carries the same charts as
 * SVG, both name the evidence and the artifact, and the same inputs give the same bytes.
 */
class ReportRenderingTest {

    private static final float DPI = 100;

    static StoredEvidence evidence;
    static ReportFacts facts;
    static byte[] pdf;
    static byte[] html;

    @BeforeAll
    static void render() throws IOException {
        evidence = EvidenceFixtures.stored();
        UUID act = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        Instant at = Instant.parse("2025-02-04T09:00:00Z");
        facts = new ReportFacts(true,
                List.of(new GovernanceFacts.GateResultView("disparate-impact", "age", false, 0.6047, 0.8, ">=",
                        "age: smallest disparate impact 0.6047 < 0.8", true, evidence.id(), at),
                        new GovernanceFacts.GateResultView("gini-out-of-time", null, true, 0.63, 0.35, ">=", "ok", false,
                                evidence.id(), at)),
                List.of(new GovernanceFacts.FindingView(act, "high", "open", "Selection rate of applicants under 25 ≥ 20"
                        + " points below the reference", "dana", LocalDate.parse("2025-03-31"), "vera", at, null, null, null)),
                List.of(new GovernanceFacts.ActView(act, "submit", "approval.submitted", "dana", evidence.artifactSha256(),
                        null, "ready for validation", at, true, null)),
                List.of(new GovernanceFacts.ExceptionView(act, "disparate-impact", "Age is a permitted risk factor under"
                        + " the bank's lending policy; reviewed by legal", LocalDate.parse("2025-12-31"), "alex", at,
                        evidence.artifactSha256(), true)));
        ReportDocument document = ReportBuilder.build(evidence, facts);
        pdf = PdfReport.render(document, evidence.createdAt(), 42);
        html = HtmlReport.render(document);
        Path out = Path.of("target", "report-samples");
        Files.createDirectories(out);
        Files.write(out.resolve("validation-report.pdf"), pdf);
        Files.write(out.resolve("validation-report.html"), html);
    }

    @Test
    void everyChartInThePdfIsDrawnWhereThePagePlacesIt() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            int charts = 0;
            for (int p = 0; p < document.getNumberOfPages(); p++) {
                List<Rectangle2D> images = imageAreas(document.getPage(p));
                if (images.isEmpty()) {
                    continue;
                }
                BufferedImage page = renderer.renderImageWithDPI(p, DPI);
                for (Rectangle2D area : images) {
                    double share = nonWhiteShare(page, area, document.getPage(p).getMediaBox().getHeight());
                    assertThat(share).as("page %d, chart at %s: share of non-white pixels", p + 1, area)
                            .isGreaterThan(0.05);
                    charts++;
                }
            }
            // ROC, calibration, distribution, stability, selection rate per protected attribute (3), importance
            assertThat(charts).isEqualTo(8);
        }
    }

    @Test
    void thePdfNamesTheEvidenceAndTheArtifactOnEveryPageAndHoldsEverySection() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= document.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(document);
                assertThat(text).as("page %d", p).contains(evidence.id().toString()).contains(evidence.artifactSha256());
            }
            stripper.setStartPage(1);
            stripper.setEndPage(document.getNumberOfPages());
            String all = stripper.getText(document);
            assertThat(all).contains("1. Purpose and limitations", "2. Data and lineage", "3. Performance and calibration",
                    "4. Stability", "5. Fairness", "6. Explanations", "7. Gate results", "8. Findings",
                    "9. Approvals and exceptions", "reference group 60+", "below 0.8", "failed, excepted",
                    "Age is a permitted risk factor", ">= 20 points", "Not for business lending");
            assertThat(document.getDocumentInformation().getCreationDate().toInstant()).isEqualTo(evidence.createdAt());
        }
    }

    @Test
    void theHtmlHasTheSameChartsAsSvgAndTheSameIdentifiers() {
        String page = new String(html, StandardCharsets.UTF_8);
        assertThat(page.split("<svg ", -1)).hasSize(9);
        assertThat(page).contains(evidence.id().toString(), evidence.artifactSha256(), "<title>Selection rate by age</title>",
                "class=\"flagged\"", "Selection rate of applicants under 25 ≥ 20 points");
        assertThat(page).doesNotContain("<script");
    }

    @Test
    void theSameEvidenceAndFactsRenderTheSameBytesAlsoAfterTheirJsonRoundTrip() {
        JsonMapper json = JsonMapper.builder().build();
        Evidence body = json.readValue(json.writeValueAsString(evidence.body()), Evidence.class);
        StoredEvidence reread = new StoredEvidence(evidence.id(), evidence.model(), evidence.version(),
                evidence.artifactSha256(), "ff".repeat(32), body, evidence.createdAt(), evidence.createdBy());
        ReportDocument again = ReportBuilder.build(reread, facts);

        assertThat(PdfReport.render(again, evidence.createdAt(), 42)).isEqualTo(pdf);
        assertThat(HtmlReport.render(again)).isEqualTo(html);
        assertThat(PdfReport.render(again, evidence.createdAt(), 43)).as("the seed is the document id").isNotEqualTo(pdf);
    }

    @Test
    void withoutTheWorkflowTheReportSaysSoInsteadOfShowingEmptyTables() {
        String page = new String(HtmlReport.render(ReportBuilder.build(evidence, ReportFacts.unavailable())),
                StandardCharsets.UTF_8);
        assertThat(page).contains("The approval workflow is not available in this service.");
    }

    private static double nonWhiteShare(BufferedImage page, Rectangle2D area, float pageHeight) {
        double scale = DPI / 72;
        int x0 = (int) Math.ceil(area.getX() * scale);
        int x1 = (int) Math.floor((area.getX() + area.getWidth()) * scale);
        // PDF y runs up from the bottom; image rows run down from the top
        int y0 = (int) Math.ceil((pageHeight - area.getY() - area.getHeight()) * scale);
        int y1 = (int) Math.floor((pageHeight - area.getY()) * scale);
        long nonWhite = 0;
        long all = 0;
        for (int y = Math.max(0, y0); y < Math.min(page.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(page.getWidth(), x1); x++) {
                int rgb = page.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r < 240 || g < 240 || b < 240) {
                    nonWhite++;
                }
                all++;
            }
        }
        return all == 0 ? 0 : (double) nonWhite / all;
    }

    /** Where each image is drawn on the page, in PDF units, from the transformation in force when it is drawn. */
    private static List<Rectangle2D> imageAreas(PDPage page) throws IOException {
        List<Rectangle2D> areas = new ArrayList<>();
        new PDFGraphicsStreamEngine(page) {
            @Override
            public void drawImage(PDImage image) {
                Matrix m = getGraphicsState().getCurrentTransformationMatrix();
                areas.add(new Rectangle2D.Double(m.getTranslateX(), m.getTranslateY(), m.getScalingFactorX(),
                        m.getScalingFactorY()));
            }

            @Override
            public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
            }

            @Override
            public void clip(int windingRule) {
            }

            @Override
            public void moveTo(float x, float y) {
            }

            @Override
            public void lineTo(float x, float y) {
            }

            @Override
            public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
            }

            @Override
            public Point2D getCurrentPoint() {
                return new Point2D.Float();
            }

            @Override
            public void closePath() {
            }

            @Override
            public void endPath() {
            }

            @Override
            public void strokePath() {
            }

            @Override
            public void fillPath(int windingRule) {
            }

            @Override
            public void fillAndStrokePath(int windingRule) {
            }

            @Override
            public void shadingFill(COSName shadingName) {
            }
        }.processPage(page);
        return areas;
    }
}
