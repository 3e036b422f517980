package org.steward.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.steward.commons.json.Sha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest extends CliTestSupport {
    private static final String PATH = "/governance/api/v1/models/credit-scorecard/versions/3/report";
    private static final byte[] PDF = "%PDF-1.7 a validation report".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void downloadsThePdfByDefaultAndPrintsItsHash() throws IOException {
        services.handle(PATH, (exchange, request) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, PDF.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PDF);
            }
        });
        Path file = dir.resolve("report.pdf");

        assertThat(run("report", "credit-scorecard", "3", "--out", file.toString(), "--token", "t")).isZero();

        assertThat(Files.readAllBytes(file)).isEqualTo(PDF);
        assertThat(services.requests().getFirst().query()).isEqualTo("format=pdf");
        assertThat(services.requests().getFirst().authorization()).isEqualTo("Bearer t");
        assertThat(stdout()).contains("wrote the pdf validation report of credit-scorecard v3")
                .contains(Sha256.hex(PDF));
    }

    @Test
    void htmlAsJsonNamesTheFileItsSizeAndHash() throws IOException {
        String html = "<!DOCTYPE html><html></html>";
        services.answer(PATH, 200, "text/html", html);
        Path file = dir.resolve("report.html");

        assertThat(run("report", "credit-scorecard", "3", "--format", "html", "--out", file.toString(), "--json")).isZero();

        JsonNode result = JsonMapper.builder().build().readTree(stdout());
        assertThat(result.path("format").asString()).isEqualTo("html");
        assertThat(result.path("bytes").asLong()).isEqualTo(html.length());
        assertThat(result.path("sha256").asString()).isEqualTo(Sha256.hex(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(services.requests().getFirst().query()).isEqualTo("format=html");
    }

    @Test
    void noEvidenceYetIsAServiceErrorWithTheProblemsDetail() {
        services.answer(PATH, 404, PROBLEM_JSON, """
                {"title": "Evidence not found", "detail": "version 3 of credit-scorecard has no evidence yet"}""");

        assertThat(run("report", "credit-scorecard", "3", "--out", dir.resolve("r.pdf").toString())).isEqualTo(3);
        assertThat(oneErrorLine()).contains("404 Evidence not found: version 3 of credit-scorecard has no evidence yet");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertThat(run("report", "credit-scorecard", "3", "--format", "docx", "--out", "r.docx")).isEqualTo(2);
        assertThat(oneErrorLine()).contains("docx");
    }
}
