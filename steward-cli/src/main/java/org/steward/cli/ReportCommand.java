package org.steward.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.steward.commons.json.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code steward report MODEL VERSION}: download a version's validation report, rendered by the governance service
 * from its latest evidence and the workflow's current state. The SHA-256 printed is the report's content address,
 * the hash a validation or approval binds to when the format is PDF.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Download a version's validation report (PDF or HTML) from the governance service.",
                "It is rendered from the latest evidence if missing or stale; compute evidence first if there is none."})
final class ReportCommand implements Callable<Integer> {

    /** The formats the governance service renders. */
    enum Format { pdf, html }

    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The model version.")
    int version;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pdf",
            description = "pdf (default) or html.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the report.")
    Path out;

    @Mixin
    AuthOptions auth;

    @Mixin
    JsonOption json;

    private final Http http;
    private final Tokens tokens;
    private final Output output;
    private final JsonMapper mapper;

    ReportCommand(Http http, Tokens tokens, Output output, JsonMapper mapper) {
        this.http = http;
        this.tokens = tokens;
        this.output = output;
        this.mapper = mapper;
    }

    @Override
    public Integer call() {
        String path = Http.withQuery("/api/v1/models/" + model + "/versions/" + version + "/report",
                Map.of("format", format.name()));
        long bytes = http.download(Endpoint.GOVERNANCE, path, tokens.resolve(auth), out);
        String sha256 = sha256(out);
        if (json.enabled) {
            output.json(mapper.createObjectNode().put("model", model).put("version", version)
                    .put("format", format.name()).put("file", out.toAbsolutePath().toString()).put("bytes", bytes)
                    .put("sha256", sha256));
        } else {
            output.line("wrote the %s validation report of %s v%d to %s (%d bytes, sha256 %s)", format, model, version,
                    out, bytes, sha256);
        }
        return Exit.OK;
    }

    private static String sha256(Path file) {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot read back " + file + " (" + CliException.reason(e) + ")",
                    "check the file's permissions");
        }
    }
}
