package org.steward.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.steward.testsupport.identity.DemoIdentity;
import org.steward.training.FeatureStore;
import org.steward.training.ModelRegistry;
import org.steward.training.TrainingPipeline;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end story {@code make demo} plays on the German credit example, as the people of a bank would: the data
 * scientist defines and loads features, registers the model with its card and trains a scorecard with full lineage;
 * the auditor verifies the trail. Every step is idempotent, so a restart on the same data directory skips what is
 * already done.
 */
final class DemoScenario {

    static final String MODEL = "german-credit-scorecard";
    private static final Logger log = LoggerFactory.getLogger(DemoScenario.class);

    private final LocalPlatform platform;
    private final Path example;

    DemoScenario(LocalPlatform platform, Path example) {
        this.platform = platform;
        this.example = example;
    }

    void play() throws IOException {
        log.info("Scenario 1/5: dana applies the German credit feature definitions");
        JsonNode plan = as(DemoIdentity.DANA, StewardService.FEATURE_STORE).post().uri("/api/v1/definitions")
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(Files.readString(example.resolve("features.yaml"))).retrieve().body(JsonNode.class);
        log.info("  {}", plan.path("changesAnything").asBoolean() ? "definitions applied" : "definitions already current");

        log.info("Scenario 2/5: dana ingests the customer profile and account history; eli materialises them online");
        for (String view : List.of("customer_profile", "account_history")) {
            JsonNode batches = as(DemoIdentity.DANA, StewardService.FEATURE_STORE).get()
                    .uri("/api/v1/batches?view={v}&status=ACCEPTED", view).retrieve().body(JsonNode.class);
            if (batches.isArray() && !batches.isEmpty()) {
                log.info("  {} already loaded", view);
                continue;
            }
            JsonNode batch = as(DemoIdentity.DANA, StewardService.FEATURE_STORE).post()
                    .uri("/api/v1/feature-views/{v}/batches", view).contentType(MediaType.parseMediaType("text/csv"))
                    .body(Files.readString(example.resolve("data/" + view + ".csv"))).retrieve().body(JsonNode.class);
            log.info("  {}: {} rows accepted", view, batch.path("rows").asLong());
            JsonNode job = as(DemoIdentity.ELI, StewardService.FEATURE_STORE).post().uri("/api/v1/materializations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("featureView", view, "end", java.time.Instant.now().toString()))
                    .retrieve().body(JsonNode.class);
            log.info("  {}: materialisation to the online store submitted as job {}", view, job.path("id").asString());
        }

        log.info("Scenario 3/5: dana registers the model with its card and trains the scorecard");
        RestClient registry = as(DemoIdentity.DANA, StewardService.MODEL_REGISTRY);
        boolean registered = registry.get().uri("/api/v1/models/{m}", MODEL).exchange((req, res) -> res.getStatusCode().is2xxSuccessful());
        if (!registered) {
            registry.post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON).body(Map.of(
                    "name", MODEL, "useCase", "credit", "riskTier", 1, "owner", "dana",
                    "description", "Application scorecard for consumer loans (German credit example)",
                    "intendedUse", "Accept, refer or decline consumer loan applications",
                    "limitations", "Trained on 1,000 historical German applications; not for business lending",
                    "protectedAttributes", List.of("customer_profile__age", "customer_profile__personal_status_and_sex",
                            "customer_profile__foreign_worker"),
                    "decisionPolicy", Map.of("cutOffs", List.of(Map.of("upTo", 0.3, "decision", "approve"),
                            Map.of("upTo", 0.5, "decision", "refer"), Map.of("upTo", 1, "decision", "decline"))),
                    "reasonCodes", Map.of(
                            "account_history__checking_account", "Status of existing checking account",
                            "duration_in_month", "Duration of the requested credit",
                            "account_history__credit_history", "Credit history",
                            "purpose", "Purpose of the credit",
                            "credit_amount", "Amount of the requested credit",
                            "account_history__savings", "Savings accounts and bonds")))
                    .retrieve().toBodilessEntity();
        }
        JsonNode versions = registry.get().uri("/api/v1/models/{m}/versions", MODEL).retrieve().body(JsonNode.class);
        if (versions.isEmpty()) {
            String token = platform.issuer().issuer().issue(DemoIdentity.DANA);
            var run = new TrainingPipeline(
                    FeatureStore.http(URI.create(platform.url(StewardService.FEATURE_STORE)), token),
                    ModelRegistry.http(URI.create(platform.url(StewardService.MODEL_REGISTRY)), token),
                    (step, detail, took) -> log.info("  train/{}: {} ({} ms)", step, detail, took.toMillis()))
                    .train(example.resolve("scorecard.yaml"), null);
            log.info("  registered {} version {} (artifact {})", run.model(), run.version(), run.artifactSha256());
        } else {
            log.info("  a version is already registered");
        }

        governance();

        log.info("Scenario 5/5: audrey verifies the audit trail");
        JsonNode verdict = as(DemoIdentity.AUDREY, StewardService.GOVERNANCE).get().uri("/api/v1/audit/verify")
                .retrieve().body(JsonNode.class);
        log.info("  audit chain {}: {} events, head {}", verdict.path("intact").asBoolean() ? "intact" : "BROKEN",
                verdict.path("count").asLong(), verdict.path("headHash").asString(""));
    }

    /**
     * Dana submits version 1; the governance service computes the evidence and renders the validation report; an
     * approver records an exception for any gate that fails (the German credit data is small and its age groups
     * unbalanced); Vera validates against the report she read and Alex approves it — never their own model.
     */
    private void governance() {
        log.info("Scenario 4/5: dana submits, vera validates, alex approves (separation of duties)");
        String path = "/api/v1/approvals/" + MODEL + "/1";
        JsonNode view = as(DemoIdentity.DANA, StewardService.GOVERNANCE).get().uri(path).retrieve().body(JsonNode.class);
        if ("approved".equalsIgnoreCase(view.path("state").asString())) {
            log.info("  already approved");
            return;
        }
        String artifact = view.path("artifactSha256").asString();
        if (view.path("acts").isEmpty()) {
            act(DemoIdentity.DANA, path + "/submit", Map.of("artifactSha256", artifact));
        }
        var report = as(DemoIdentity.VERA, StewardService.GOVERNANCE).get()
                .uri("/api/v1/models/{m}/versions/1/report?format=pdf", MODEL).retrieve().toEntity(byte[].class);
        String reportSha256 = report.getHeaders().getFirst("X-Report-PDF-SHA256");
        log.info("  validation report rendered: {} bytes of PDF, SHA-256 {}", report.getBody().length, reportSha256);
        view = as(DemoIdentity.VERA, StewardService.GOVERNANCE).get().uri(path).retrieve().body(JsonNode.class);
        for (JsonNode gate : view.path("gates")) {
            if (!gate.path("passed").asBoolean() && !gate.path("excepted").asBoolean()) {
                log.info("  gate {} fails: {}", gate.path("name").asString(), gate.path("message").asString());
                act(DemoIdentity.ALEX, path + "/exceptions", Map.of("artifactSha256", artifact,
                        "gate", gate.path("name").asString(),
                        "reason", "Demo: accepted for the example data set; monitored monthly",
                        "expiresOn", java.time.LocalDate.now().plusDays(90).toString()));
            }
        }
        act(DemoIdentity.VERA, path + "/validate", Map.of("artifactSha256", artifact, "reportSha256", reportSha256));
        act(DemoIdentity.ALEX, path + "/approve", Map.of("artifactSha256", artifact, "reportSha256", reportSha256));
        JsonNode after = as(DemoIdentity.ALEX, StewardService.GOVERNANCE).get().uri(path).retrieve().body(JsonNode.class);
        log.info("  {} version 1 is {}", MODEL, after.path("state").asString());
    }

    private void act(DemoIdentity who, String path, Map<String, Object> body) {
        String outcome = as(who, StewardService.GOVERNANCE).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> res.getStatusCode().is2xxSuccessful() ? "ok"
                        : res.getStatusCode().value() + " " + new String(res.getBody().readAllBytes()));
        log.info("  {} {}: {}", who.username(), path.substring(path.lastIndexOf('/') + 1), outcome);
        if (!outcome.equals("ok")) {
            throw new IllegalStateException(who.username() + " could not " + path + ": " + outcome);
        }
    }

    private RestClient as(DemoIdentity identity, StewardService service) {
        return RestClient.builder().baseUrl(platform.url(service))
                .defaultHeader("Authorization", "Bearer " + platform.issuer().issuer().issue(identity)).build();
    }
}
