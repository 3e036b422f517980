package org.steward.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code steward features …}: the feature store's definitions as code. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Manage feature definitions (entities, feature views, transformations, feature services).")
final class FeaturesCommands extends CommandGroup {

    FeaturesCommands(Http http, Tokens tokens, Output output) {
        super(http, tokens, output);
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Apply a YAML or JSON definition document: changed definitions become new versions.",
                    "With --dry-run, show the plan and change nothing."})
    int apply(@Parameters(paramLabel = "FILE", description = "The definition document (.yaml, .yml or .json).") Path file,
              @Option(names = "--dry-run", description = "Only show what would change.") boolean dryRun,
              @Mixin AuthOptions auth, @Mixin JsonOption json) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(Exit.USAGE, "cannot read " + file + " (no such file)", "pass the path of a definition document");
        }
        String contentType = file.toString().endsWith(".json") ? "application/json" : "application/yaml";
        JsonNode plan = http.postFile(Endpoint.FEATURE_STORE, Http.withQuery("/api/v1/definitions", Map.of("dryRun", dryRun)),
                tokens.resolve(auth), file, contentType);
        if (json.enabled) {
            output.json(plan);
            return Exit.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode change : plan.path("changes")) {
            rows.add(List.of(change.path("action").asString(), change.path("kind").asString().toLowerCase().replace('_', ' '),
                    change.path("name").asString(), "v" + change.path("version").asString()));
            for (JsonNode difference : change.path("differences")) {
                rows.add(List.of("", "", "  " + difference.asString(), ""));
            }
        }
        output.table(rows);
        output.line(!plan.path("changesAnything").asBoolean() ? "nothing to change"
                : dryRun ? "dry run: nothing was applied" : "applied");
        return Exit.OK;
    }
}
