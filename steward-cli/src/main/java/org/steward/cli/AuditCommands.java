package org.steward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.steward.commons.audit.chain.AuditExportVerifier;
import org.steward.commons.audit.chain.ChainVerification;
import org.steward.commons.audit.chain.Checkpoint;
import org.steward.commons.audit.chain.Ed25519Keys;
import org.steward.commons.audit.chain.ExportVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code steward audit …}: the governance service's tamper-evident audit trail. {@code verify-offline}
 * is the auditor's path: with only an export and the public key, and no network, it recomputes the
 * hash chain and checks the signed checkpoints, and reports in the same shape as the online
 * {@code verify} so that one script handles both.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read, verify and export the tamper-evident audit trail kept by the governance service.")
final class AuditCommands extends CommandGroup {
    private static final String API = "/api/v1/audit";
    private static final String OFFLINE_FIX = "pass the file written by 'steward audit %s --out FILE'";

    private final JsonMapper mapper;

    AuditCommands(Http http, Tokens tokens, Output output, JsonMapper mapper) {
        super(http, tokens, output);
        this.mapper = mapper;
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "List audit events, filtered and paged by the governance service.")
    int events(@Option(names = "--subject", paramLabel = "S", description = "Only events about this subject.") String subject,
               @Option(names = "--actor", paramLabel = "A", description = "Only events by this actor.") String actor,
               @Option(names = "--action", paramLabel = "X", description = "Only events with this action.") String action,
               @Option(names = "--from", paramLabel = "ISO", converter = IsoInstant.class,
                       description = "Only events at or after this ISO-8601 instant.") Instant from,
               @Option(names = "--to", paramLabel = "ISO", converter = IsoInstant.class,
                       description = "Only events before this ISO-8601 instant.") Instant to,
               @Option(names = "--page", paramLabel = "N", description = "Page number, from 0.") Integer page,
               @Option(names = "--size", paramLabel = "N", description = "Events per page.") Integer size,
               @Mixin AuthOptions auth, @Mixin JsonOption json) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("subject", subject);
        query.put("actor", actor);
        query.put("action", action);
        query.put("from", from);
        query.put("to", to);
        query.put("page", page);
        query.put("size", size);
        JsonNode result = http.get(Endpoint.GOVERNANCE, Http.withQuery(API + "/events", query), tokens.resolve(auth));
        if (json.enabled) {
            output.json(result);
            return Exit.OK;
        }
        output.table(StreamSupport.stream(result.path("events").spliterator(), false)
                .map(event -> List.of(text(event, "sequence"), text(event, "time"), text(event, "actor"),
                        text(event, "action"), text(event, "subject")))
                .toList());
        output.line("page %s, %s per page, %s events in total",
                text(result, "page"), text(result, "size"), text(result, "totalEvents"));
        return Exit.OK;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Have the governance service recompute the hash chain; exits 1 if it is broken.")
    int verify(@Mixin AuthOptions auth, @Mixin JsonOption json) {
        return report(http.get(Endpoint.GOVERNANCE, API + "/verify", tokens.resolve(auth)), json);
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Have the governance service sign a checkpoint of the chain's current head.")
    int checkpoint(@Mixin AuthOptions auth, @Mixin JsonOption json) {
        JsonNode checkpoint = http.post(Endpoint.GOVERNANCE, API + "/checkpoints", tokens.resolve(auth));
        if (json.enabled) {
            output.json(checkpoint);
        } else {
            output.line("signed checkpoint #%s: head %s at %s (key %s)", text(checkpoint, "sequence"),
                    text(checkpoint, "headHash"), text(checkpoint, "time"), text(checkpoint, "keyId"));
        }
        return Exit.OK;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Download the whole chain with its signed checkpoints, for 'steward audit verify-offline'.")
    int export(@Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write it.") Path out,
               @Mixin AuthOptions auth, @Mixin JsonOption json) {
        return download(Endpoint.GOVERNANCE, API + "/export", out, auth, json);
    }

    @Command(name = "public-key", mixinStandardHelpOptions = true,
            description = "Download the PEM public key that checkpoints are signed with.")
    int publicKey(@Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write it.") Path out,
                  @Mixin AuthOptions auth, @Mixin JsonOption json) {
        return download(Endpoint.GOVERNANCE, API + "/public-key", out, auth, json);
    }

    @Command(name = "verify-offline", mixinStandardHelpOptions = true,
            description = {"Verify an exported chain and its signed checkpoints with only the public key; needs no network.",
                    "Exits 1 if the chain is broken."})
    int verifyOffline(@Parameters(paramLabel = "FILE", description = "The file from 'steward audit export'.") Path export,
                      @Option(names = "--public-key", paramLabel = "PEMFILE", required = true,
                              description = "The file from 'steward audit public-key'.") Path publicKeyFile,
                      @Mixin JsonOption json) {
        PublicKey publicKey = readPublicKey(publicKeyFile);
        try (InputStream in = Files.newInputStream(export)) {
            return report(toJson(AuditExportVerifier.verify(in, publicKey)), json);
        } catch (IOException e) {
            throw unreadableExport(export, e);
        } catch (JacksonIOException e) {
            throw unreadableExport(export, e.getCause());
        }
    }

    /** Prints a verification in the governance service's {@code /verify} shape; exits 1 if broken. */
    private int report(JsonNode verification, JsonOption json) {
        boolean intact = verification.path("intact").asBoolean(false);
        if (json.enabled) {
            output.json(verification);
        } else if (intact) {
            output.line("audit chain intact: %s events, head #%s %s", text(verification, "count"),
                    text(verification, "headSequence"), text(verification, "headHash"));
            if (verification.has("checkpointsVerified")) {
                output.line("signed checkpoints verified: %s", text(verification, "checkpointsVerified"));
            }
            JsonNode checkpoint = verification.path("latestCheckpoint");
            if (checkpoint.isObject()) {
                output.line("latest signed checkpoint: #%s at %s", text(checkpoint, "sequence"), text(checkpoint, "time"));
            }
        } else {
            JsonNode broken = verification.path("broken");
            long sequence = broken.path("sequence").asLong(0);
            String eventId = text(broken, "eventId");
            output.line("audit chain BROKEN%s%s: %s — %s", sequence > 0 ? " at sequence " + sequence : "",
                    eventId.equals("-") ? "" : " (event " + eventId + ")", text(broken, "problem"), text(broken, "message"));
        }
        return intact ? Exit.OK : Exit.CHECK_FAILED;
    }

    private ObjectNode toJson(ExportVerification verification) {
        ObjectNode json = mapper.createObjectNode();
        switch (verification.chain()) {
            case ChainVerification.Intact intact -> json.put("intact", true)
                    .put("count", intact.count())
                    .put("headSequence", intact.headSequence())
                    .put("headHash", intact.headHash());
            case ChainVerification.Broken broken -> {
                json.put("intact", false).put("count", broken.checked());
                json.putObject("broken")
                        .put("sequence", broken.sequence())
                        .put("eventId", broken.eventId())
                        .put("problem", String.valueOf(broken.problem()))
                        .put("message", broken.message());
            }
        }
        json.put("checkpointsVerified", verification.checkpointsVerified());
        Checkpoint latest = verification.latestCheckpoint();
        if (latest == null) {
            json.putNull("latestCheckpoint");
        } else {
            json.putObject("latestCheckpoint")
                    .put("sequence", latest.sequence())
                    .put("headHash", latest.headHash())
                    .put("time", latest.time().toString())
                    .put("keyId", latest.keyId())
                    .put("signature", latest.signature());
        }
        return json;
    }

    private static CliException unreadableExport(Path export, IOException e) {
        return new CliException(Exit.USAGE, "cannot read " + export + " (" + CliException.reason(e) + ")",
                OFFLINE_FIX.formatted("export"));
    }

    private static PublicKey readPublicKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot read the public key " + file + " (" + CliException.reason(e) + ")",
                    OFFLINE_FIX.formatted("public-key"));
        }
        try {
            return Ed25519Keys.readPublicKeyPem(pem);
        } catch (IllegalArgumentException e) {
            throw new CliException(Exit.USAGE, file + " is not an Ed25519 public key in PEM form",
                    OFFLINE_FIX.formatted("public-key"));
        }
    }

    /** A field as display text; missing or null fields show as "-". */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asString();
    }

    /** Accepts ISO-8601 instants only, with a message that names the expected form. */
    static final class IsoInstant implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2025-01-31T09:00:00Z");
            }
        }
    }
}
