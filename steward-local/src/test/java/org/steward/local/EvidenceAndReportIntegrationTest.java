package org.steward.local;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.steward.commons.json.Sha256;
import org.steward.testsupport.examples.ExampleFiles;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence and the validation report against the real services of the embedded platform: the German credit
 * example's features are applied and ingested into the feature store, a point-in-time training set is built from
 * its applications, the hand-written example scorecard is registered with lineage pinning that training set, and a
 * validator has the governance service compute the evidence — over REST, with the validator's token passed on —
 * and render the PDF, whose charts must be drawn. The command line downloads the same report.
 */
class EvidenceAndReportIntegrationTest {

    private static final String MODEL = "german-credit-handwritten";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();
    static Path examples;

    @BeforeAll
    static void start() throws Exception {
        examples = ExampleFiles.repositoryRoot().resolve("examples/german-credit");
    }

    @Test
    void aValidatorComputesEvidenceFromTheRealServicesAndTheReportCarriesItsCharts() throws Exception {
        String trainingSet = buildTheTrainingSet();
        JsonNode snapshot = platform.as(DemoIdentity.DANA, StewardService.FEATURE_STORE).get()
                .uri("/api/v1/training-sets/{id}", trainingSet).retrieve().body(JsonNode.class);
        register(trainingSet, snapshot.get("contentSha256").asString());

        var refused = platform.as(DemoIdentity.AUDREY, StewardService.GOVERNANCE).post()
                .uri("/api/v1/models/{m}/versions/1/evidence", MODEL)
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(refused).as("an auditor who is not the author may not compute evidence").isEqualTo(403);

        ResponseEntity<JsonNode> computed = platform.as(DemoIdentity.VERA, StewardService.GOVERNANCE).post()
                .uri("/api/v1/models/{m}/versions/1/evidence", MODEL).retrieve().toEntity(JsonNode.class);
        assertThat(computed.getStatusCode().value()).isEqualTo(201);
        JsonNode evidence = computed.getBody();
        JsonNode gates = evidence.get("gateInputs");
        assertThat(gates.propertyNames()).containsExactly("giniOutOfTime", "psiDevVsOot", "calibrationPassed",
                "calibrationPValue", "disparateImpact", "explanations", "report");
        assertThat(gates.get("giniOutOfTime").asDouble()).isBetween(0.3, 0.9);
        assertThat(gates.get("disparateImpact").propertyNames())
                .containsExactly("age", "personal_status_and_sex", "foreign_worker");
        assertThat(gates.get("report").asBoolean()).isTrue();
        assertThat(evidence.get("createdBy").asString()).isEqualTo("vera");
        assertThat(evidence.at("/evidence/data/developmentRows").asLong()
                + evidence.at("/evidence/data/outOfTimeRows").asLong()).isEqualTo(1000);
        assertThat(evidence.at("/evidence/fairness/columns/age").asString()).isEqualTo("customer_profile__age");

        ResponseEntity<byte[]> pdf = platform.as(DemoIdentity.VERA, StewardService.GOVERNANCE).get()
                .uri("/api/v1/models/{m}/versions/1/report?format=pdf", MODEL).retrieve().toEntity(byte[].class);
        assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        String pdfSha256 = pdf.getHeaders().getFirst("X-Report-SHA256");
        assertThat(Sha256.hex(pdf.getBody())).isEqualTo(pdfSha256).isEqualTo(evidence.get("reportSha256").asString());
        assertThat(pdf.getHeaders().getFirst("X-Evidence-Id")).isEqualTo(evidence.get("id").asString());
        try (PDDocument document = Loader.loadPDF(pdf.getBody())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(evidence.get("id").asString(), evidence.get("artifactSha256").asString(),
                    "5. Fairness", "reference group");
            PDFRenderer renderer = new PDFRenderer(document);
            double mostColoured = 0;
            for (int page : pagesWithImages(document)) {
                mostColoured = Math.max(mostColoured, colouredShare(renderer.renderImageWithDPI(page, 72)));
            }
            assertThat(mostColoured).as("share of coloured pixels on the most colourful page with a chart")
                    .isGreaterThan(0.02);
        }

        var cli = platform.cli("report", MODEL, "1", "--format", "pdf", "--out", platform.dataDirectory().resolve("report.pdf").toString(),
                "--as", "vera", "--json");
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(JSON.readTree(cli.out()).get("sha256").asString()).as("unchanged inputs, the same report")
                .isEqualTo(pdfSha256);
        String html = platform.as(DemoIdentity.AUDREY, StewardService.GOVERNANCE).get()
                .uri("/api/v1/models/{m}/versions/1/report?format=html", MODEL).retrieve().body(String.class);
        assertThat(html).contains("<svg ", evidence.get("id").asString());
    }

    /** Applies the example's definitions, ingests its two feature views and builds a training set of its applications. */
    private static String buildTheTrainingSet() throws Exception {
        RestClient store = platform.as(DemoIdentity.DANA, StewardService.FEATURE_STORE);
        store.post().uri("/api/v1/definitions").contentType(MediaType.parseMediaType("application/yaml"))
                .body(Files.readString(examples.resolve("features.yaml"))).retrieve().toBodilessEntity();
        for (String view : List.of("customer_profile", "account_history")) {
            store.post().uri("/api/v1/feature-views/{v}/batches", view).contentType(MediaType.parseMediaType("text/csv"))
                    .body(Files.readAllBytes(examples.resolve("data/" + view + ".csv"))).retrieve().toBodilessEntity();
        }
        return store.post().uri("/api/v1/training-sets?featureService=german_credit_scorecard&name=german-credit-2023-24")
                .contentType(MediaType.parseMediaType("text/csv"))
                .body(Files.readAllBytes(examples.resolve("data/applications.csv")))
                .retrieve().body(JsonNode.class).get("id").asString();
    }

    /** The model with its card, and version 1: the example scorecard, lineage pinning the training set. */
    private static void register(String trainingSet, String contentSha256) throws Exception {
        RestClient registry = platform.as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY);
        registry.post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON).body(JSON.readTree("""
                {"name": "%s", "useCase": "credit", "riskTier": 1, "owner": "dana",
                 "description": "Application scorecard for consumer loans, hand-written on German credit",
                 "intendedUse": "Decide consumer loan applications", "limitations": "Example data from the 1970s",
                 "protectedAttributes": ["age", "personal_status_and_sex", "foreign_worker"],
                 "decisionPolicy": {"cutOffs": [{"upTo": 0.25, "decision": "approve"},
                                                {"upTo": 0.5, "decision": "refer"}, {"upTo": 1, "decision": "decline"}]}}
                """.formatted(MODEL))).retrieve().toBodilessEntity();
        ObjectNode metadata = (ObjectNode) JSON.readTree("""
                {"format": "scorecard_json",
                 "inputSignature": {"featureService": "german_credit_scorecard@1", "fields": [
                    {"name": "account_history__checking_account", "type": "string"},
                    {"name": "account_history__credit_history", "type": "string"},
                    {"name": "account_history__savings", "type": "string"},
                    {"name": "purpose", "type": "string"},
                    {"name": "duration_in_month", "type": "number"},
                    {"name": "credit_amount", "type": "number"}]},
                 "metrics": {}, "params": {},
                 "lineage": {"trainingSet": {"id": "%s", "sha256": "%s"},
                             "featureViews": ["customer_profile@1", "account_history@1"],
                             "label": {"definition": "defaulted on the loan", "source": "applications.bad"},
                             "windows": {"train": {"from": "2023-01-01", "to": "2024-01-01"},
                                         "validation": {"from": "2024-01-01", "to": "2024-07-01"},
                                         "outOfTime": {"from": "2024-07-01", "to": "2025-01-01"}}}}
                """.formatted(trainingSet, contentSha256));
        byte[] scorecard = Files.readAllBytes(examples.resolve("scorecard-handwritten.json"));
        registry.post().uri("/api/v1/models/{m}/versions", MODEL).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("metadata", metadata, "artifactBase64", Base64.getEncoder().encodeToString(scorecard)))
                .retrieve().toBodilessEntity();
    }

    private static List<Integer> pagesWithImages(PDDocument document) {
        List<Integer> pages = new ArrayList<>();
        for (int p = 0; p < document.getNumberOfPages(); p++) {
            if (document.getPage(p).getResources().getXObjectNames().iterator().hasNext()) {
                pages.add(p);
            }
        }
        assertThat(pages).as("pages with chart images").isNotEmpty();
        return pages;
    }

    /**
     * The share of clearly coloured pixels on a page: text and rules are black or grey, so these are the charts'
     * bars and curves — a blank or failed chart image leaves none.
     */
    private static double colouredShare(BufferedImage page) {
        long coloured = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int rgb = page.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        return (double) coloured / ((long) page.getWidth() * page.getHeight());
    }
}
