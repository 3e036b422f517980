package org.steward.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.JsonNode;

/**
 * {@code steward training-sets …}: the feature store's point-in-time snapshots. {@code verify} is the check a
 * validator or an auditor runs before trusting that a model version's pinned training set is still the one it was
 * trained on.
 */
@Command(name = "training-sets", mixinStandardHelpOptions = true,
        description = "Download training-set snapshots and verify them against their recorded content hash.")
final class TrainingSetsCommand extends CommandGroup {

    private static final String API = "/api/v1/training-sets/";

    TrainingSetsCommand(Http http, Tokens tokens, Output output) {
        super(http, tokens, output);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Have the feature store hash the snapshot's rows again and compare with the hash recorded when it",
                    "was built; exits 1 if they differ."})
    int verify(@Parameters(paramLabel = "ID", converter = TrainingSetId.class, description = "The training set's id.") UUID id,
               @Mixin AuthOptions auth, @Mixin JsonOption json) {
        JsonNode verification = http.get(Endpoint.FEATURE_STORE, API + id + "/verify", tokens.resolve(auth));
        boolean intact = verification.path("intact").asBoolean(false);
        if (json.enabled) {
            output.json(verification);
        } else if (intact) {
            output.line("training set %s intact: %s rows, SHA-256 %s", id, verification.path("rowCount").asString(),
                    verification.path("contentSha256").asString());
        } else if (verification.path("rowsMissing").asBoolean(false)) {
            output.line("training set %s CORRUPTED: its rows are gone (recorded SHA-256 %s)", id,
                    verification.path("contentSha256").asString());
        } else {
            output.line("training set %s CORRUPTED: recorded SHA-256 %s, its rows now hash to %s", id,
                    verification.path("contentSha256").asString(), verification.path("actualSha256").asString());
        }
        return intact ? Exit.OK : Exit.CHECK_FAILED;
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a snapshot's rows, which the feature store sends only once they match the recorded",
                    "content hash: CSV (the canonical CSV, which hashes to it) or Parquet."})
    int download(@Parameters(paramLabel = "ID", converter = TrainingSetId.class, description = "The training set's id.") UUID id,
                 @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write it.") Path out,
                 @Option(names = "--format", paramLabel = "F", defaultValue = "csv",
                         description = "csv or parquet (default: ${DEFAULT-VALUE}).") String format,
                 @Mixin AuthOptions auth, @Mixin JsonOption json) {
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new CliException(Exit.USAGE, "--format must be csv or parquet, not '" + format + "'", "pass --format csv or --format parquet");
        }
        return download(Endpoint.FEATURE_STORE, Http.withQuery(API + id + "/data", Map.of("format", format)), out, auth, json);
    }

    /** A training set's id, refused in one plain line when it is not a UUID. */
    static final class TrainingSetId implements ITypeConverter<UUID> {
        @Override
        public UUID convert(String value) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a training set id (a UUID, as 'steward train' and the API print it)");
            }
        }
    }
}
