package org.steward.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code steward inventory}: every model with its governance standing, as a regulator reviews it. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"List every model: use case, risk tier, owner, champion, latest version and its status,",
                "last validation, next review due, open findings, gate status and exceptions in force."})
final class InventoryCommand implements Callable<Integer> {

    @Mixin
    AuthOptions auth;

    @Mixin
    JsonOption json;

    private final Http http;
    private final Tokens tokens;
    private final Output output;

    InventoryCommand(Http http, Tokens tokens, Output output) {
        this.http = http;
        this.tokens = tokens;
        this.output = output;
    }

    @Override
    public Integer call() {
        JsonNode inventory = http.get(Endpoint.GOVERNANCE, "/api/v1/inventory", tokens.resolve(auth));
        if (json.enabled) {
            output.json(inventory);
            return Exit.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("MODEL", "USE CASE", "TIER", "OWNER", "CHAMPION", "LATEST", "STATUS", "LAST VALIDATED",
                "NEXT REVIEW", "OPEN FINDINGS", "GATES", "EXCEPTIONS"));
        for (JsonNode model : inventory.path("models")) {
            rows.add(List.of(model.path("model").asString(), model.path("useCase").asString(),
                    model.path("riskTier").asString(), model.path("owner").asString(),
                    orDash(model.path("championVersion")), orDash(model.path("latestVersion")),
                    model.path("latestVersionStatus").asString("-") + "/" + model.path("latestVersionState").asString("-"),
                    orDash(model.path("lastValidatedOn")),
                    orDash(model.path("nextReviewDue")) + (model.path("reviewOverdue").asBoolean() ? " OVERDUE" : ""),
                    findings(model.path("openFindings")), model.path("gateStatus").asString(),
                    exceptions(model.path("activeExceptions"))));
        }
        output.table(rows);
        output.line("%d models", rows.size() - 1);
        return Exit.OK;
    }

    private static String orDash(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : value.asString();
    }

    /** {@code 2 high, 1 low}, or {@code -} when none is open. */
    private static String findings(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        for (String severity : List.of("critical", "high", "medium", "low")) {
            long count = counts.path(severity).asLong();
            if (count > 0) {
                parts.add(count + " " + severity);
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** {@code v3 disparate-impact until 2026-12-31}, or {@code -}. */
    private static String exceptions(JsonNode exceptions) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : exceptions) {
            parts.add("v" + e.path("version").asString() + " " + e.path("exception").path("gate").asString() + " until "
                    + e.path("exception").path("expiresOn").asString());
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }
}
