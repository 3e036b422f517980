package org.steward.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.JsonNode;

/**
 * {@code steward submit | validate | reject | approve | withdraw | exception | approvals}: the governance service's
 * approval workflow. Every act is bound to the artifact the actor reviewed, fetched from the model registry unless
 * {@code --artifact-sha256} names it; validations and approvals are also bound to the validation report the actor
 * read ({@code --report-sha256}). Who may act is decided by the service from the token, never from an option.
 */
final class ApprovalCommands {
    private static final String API = "/api/v1/approvals/";

    private final Http http;
    private final Tokens tokens;
    private final Output output;

    ApprovalCommands(Http http, Tokens tokens, Output output) {
        this.http = http;
        this.tokens = tokens;
        this.output = output;
    }

    /** The workflow's commands, each a subcommand of {@code steward} itself. */
    List<Object> commands() {
        return List.of(new Submit(), new Validate(), new Reject(), new Approve(), new Withdraw(), new RecordException(), new Queue());
    }

    /** What every act has: the version, the artifact it is bound to, a token and {@code --json}. */
    abstract class Act implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.")
        int version;

        @Option(names = "--artifact-sha256", paramLabel = "H",
                description = "The artifact you reviewed (default: the version's current artifact, from the model registry).")
        String artifactSha256;

        @Mixin
        AuthOptions auth;

        @Mixin
        JsonOption json;

        /** The act's path under the version, e.g. {@code validate}. */
        abstract String act();

        /** The request body, bound to {@code artifact}. */
        abstract Map<String, Object> body(String artifact);

        @Override
        public Integer call() {
            String token = tokens.resolve(auth);
            String artifact = artifactSha256 != null ? artifactSha256 : currentArtifact(model, version, token);
            JsonNode view = http.postJson(Endpoint.GOVERNANCE, API + model + "/" + version + "/" + act(), token, body(artifact));
            if (json.enabled) {
                output.json(view);
            } else {
                printView(view);
            }
            return Exit.OK;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit a version you registered for validation.",
                    "The policy gates of the model's risk tier are evaluated and shown."})
    final class Submit extends Act {
        @Option(names = "--reason", paramLabel = "TEXT", description = "A note for the validators.")
        String reason;

        @Override
        String act() {
            return "submit";
        }

        @Override
        Map<String, Object> body(String artifact) {
            return actBody(artifact, null, reason, List.of());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Validate a submitted version (validators; never your own), bound to the report you read.",
                    "Refused while a policy gate fails without an exception."})
    final class Validate extends Act {
        @Option(names = "--report-sha256", paramLabel = "H", required = true,
                description = "SHA-256 of the PDF validation report you reviewed.")
        String reportSha256;

        @Option(names = "--finding", paramLabel = "SEVERITY:TEXT",
                description = "A finding to raise (low, medium, high or critical); repeat for several.")
        List<String> findings = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "A note for the approvers.")
        String reason;

        @Override
        String act() {
            return "validate";
        }

        @Override
        Map<String, Object> body(String artifact) {
            return actBody(artifact, reportSha256, reason, findings(findings));
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a submitted version (validators; never your own). A rejection is final.")
    final class Reject extends Act {
        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it is rejected.")
        String reason;

        @Option(names = "--report-sha256", paramLabel = "H", description = "SHA-256 of the PDF validation report you reviewed.")
        String reportSha256;

        @Option(names = "--finding", paramLabel = "SEVERITY:TEXT",
                description = "A finding to raise (low, medium, high or critical); repeat for several.")
        List<String> findings = new ArrayList<>();

        @Override
        String act() {
            return "reject";
        }

        @Override
        Map<String, Object> body(String artifact) {
            return actBody(artifact, reportSha256, reason, findings(findings));
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a validated version (approvers; neither its author nor its validator),",
                    "bound to the same report the validation was."})
    final class Approve extends Act {
        @Option(names = "--report-sha256", paramLabel = "H", required = true,
                description = "SHA-256 of the PDF validation report you reviewed.")
        String reportSha256;

        @Option(names = "--reason", paramLabel = "TEXT", description = "A note for the record.")
        String reason;

        @Override
        String act() {
            return "approve";
        }

        @Override
        Map<String, Object> body(String artifact) {
            return actBody(artifact, reportSha256, reason, List.of());
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw an approval (approvers).")
    final class Withdraw extends Act {
        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why the approval is withdrawn.")
        String reason;

        @Override
        String act() {
            return "withdraw";
        }

        @Override
        Map<String, Object> body(String artifact) {
            return actBody(artifact, null, reason, List.of());
        }
    }

    @Command(name = "exception", mixinStandardHelpOptions = true,
            description = {"Record a policy exception for one failing gate of a version (approvers; neither its author",
                    "nor its validator). It holds for the version's current artifact until the expiry date."})
    final class RecordException extends Act {
        @Option(names = "--gate", paramLabel = "GATE", required = true,
                description = "The failing gate, e.g. disparate-impact or gini-out-of-time.")
        String gate;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why the version may go on.")
        String reason;

        @Option(names = "--expires", paramLabel = "DATE", required = true, converter = IsoDate.class,
                description = "The last day it holds, as an ISO date (2026-12-31).")
        LocalDate expires;

        @Override
        String act() {
            return "exceptions";
        }

        @Override
        Map<String, Object> body(String artifact) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("artifactSha256", artifact);
            body.put("gate", gate);
            body.put("reason", reason);
            body.put("expiresOn", expires.toString());
            return body;
        }
    }

    @Command(name = "approvals", mixinStandardHelpOptions = true,
            description = "What awaits you in a role: versions to validate, approve or decide an exception for, or your own to submit.")
    final class Queue implements Callable<Integer> {
        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "validator, approver or author.")
        String role;

        @Mixin
        AuthOptions auth;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            JsonNode queue = http.get(Endpoint.GOVERNANCE, Http.withQuery("/api/v1/approvals", Map.of("role", role)),
                    tokens.resolve(auth));
            if (json.enabled) {
                output.json(queue);
                return Exit.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("MODEL", "VERSION", "AWAITING", "STATE", "AUTHOR", "FAILING GATES", "OPEN FINDINGS"));
            for (JsonNode item : queue.path("items")) {
                rows.add(List.of(item.path("model").asString(), item.path("version").asString(),
                        item.path("awaiting").asString(), item.path("state").asString(), item.path("author").asString(),
                        join(item.path("failingGates")), item.path("openFindings").asString()));
            }
            output.table(rows);
            output.line("%d awaiting you as %s", rows.size() - 1, role);
            return Exit.OK;
        }
    }

    private String currentArtifact(String model, int version, String token) {
        String artifact = http.get(Endpoint.MODEL_REGISTRY, "/api/v1/models/" + model + "/versions/" + version, token)
                .path("artifactSha256").asString("");
        if (artifact.isEmpty()) {
            throw new CliException(Exit.SERVICE_ERROR, "the model registry did not say which artifact " + model
                    + " version " + version + " has", "pass the one you reviewed with --artifact-sha256");
        }
        return artifact;
    }

    private static Map<String, Object> actBody(String artifact, String report, String reason, List<Map<String, String>> findings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("artifactSha256", artifact);
        body.put("reportSha256", report);
        body.put("reason", reason);
        body.put("findings", findings);
        return body;
    }

    /** {@code high:no monitoring plan} → {@code {"severity": "high", "text": "no monitoring plan"}}. */
    private static List<Map<String, String>> findings(List<String> options) {
        List<Map<String, String>> findings = new ArrayList<>();
        for (String option : options) {
            int colon = option.indexOf(':');
            if (colon < 1 || colon == option.length() - 1) {
                throw new CliException(Exit.USAGE, "--finding '" + option + "' is not SEVERITY:TEXT",
                        "write e.g. --finding \"high:no monitoring plan\"");
            }
            findings.add(Map.of("severity", option.substring(0, colon).strip(), "text", option.substring(colon + 1).strip()));
        }
        return findings;
    }

    private void printView(JsonNode view) {
        String awaiting = view.path("awaiting").asString("");
        output.line("%s version %s: %s%s", view.path("model").asString(), view.path("version").asString(),
                view.path("state").asString(), awaiting.isEmpty() ? "" : ", awaiting " + awaiting);
        output.line("artifact %s", view.path("artifactSha256").asString());
        output.line("report   %s", view.path("reportSha256").asString("none rendered"));
        List<List<String>> gates = new ArrayList<>();
        for (JsonNode gate : view.path("gates")) {
            String attribute = gate.path("attribute").asString("");
            gates.add(List.of(gate.path("name").asString() + (attribute.isEmpty() ? "" : " (" + attribute + ")"),
                    gate.path("passed").asBoolean() ? "passed" : gate.path("excepted").asBoolean() ? "excepted" : "FAILED",
                    gate.path("message").asString()));
        }
        output.table(gates);
        for (JsonNode exception : view.path("exceptions")) {
            if (exception.path("active").asBoolean()) {
                output.line("exception: %s until %s, by %s: %s", exception.path("gate").asString(),
                        exception.path("expiresOn").asString(), exception.path("grantedBy").asString(),
                        exception.path("reason").asString());
            }
        }
        for (JsonNode finding : view.path("findings")) {
            if ("open".equals(finding.path("status").asString())) {
                output.line("finding [%s]: %s (owner %s, due %s)", finding.path("severity").asString(),
                        finding.path("text").asString(), finding.path("owner").asString(), finding.path("dueOn").asString());
            }
        }
        for (JsonNode blocker : view.path("blockers")) {
            output.line("blocked: %s", blocker.asString());
        }
    }

    private static String join(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asString()));
        return texts.isEmpty() ? "-" : String.join(", ", texts);
    }

    static final class IsoDate implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 date such as 2026-12-31");
            }
        }
    }
}
