package org.steward.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.steward.testsupport.examples.ExampleFiles;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's example end to end on the embedded platform: the German credit definitions applied with the command
 * line, the profile and account history ingested, a point-in-time training set built for the 1,000 applications —
 * the synthetic snapshots taken after an application never leak into it — and the same features read online.
 */
class GermanCreditFeatureStoreTest {

    @RegisterExtension
    static final EmbeddedPlatform platform = new EmbeddedPlatform();
    static Path example;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        example = ExampleFiles.repositoryRoot().resolve("examples/german-credit");
    }

    @Test
    void appliesIngestsJoinsPointInTimeAndServesOnline() throws Exception {
        var dryRun = platform.cli("features", "apply", example.resolve("features.yaml").toString(), "--dry-run", "--json", "--as", "dana");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(json.readTree(dryRun.out()).get("changes")).hasSize(6);
        var applied = platform.cli("features", "apply", example.resolve("features.yaml").toString(), "--as", "dana");
        assertThat(applied.exit()).as(applied.err()).isZero();

        JsonNode profile = ingest("customer_profile", "data/customer_profile.csv");
        JsonNode history = ingest("account_history", "data/account_history.csv");
        assertThat(profile.get("rows").asLong()).isEqualTo(1000);
        assertThat(history.get("rows").asLong()).isEqualTo(1104);

        String applications = Files.readString(example.resolve("data/applications.csv"));
        JsonNode trainingSet = dana().post().uri("/api/v1/training-sets?featureService=german_credit_scorecard")
                .contentType(MediaType.parseMediaType("text/csv")).body(applications).retrieve().body(JsonNode.class);
        assertThat(trainingSet.get("rowCount").asLong()).isEqualTo(1000);
        byte[] csv = dana().get().uri("/api/v1/training-sets/{id}/data?format=csv", trainingSet.get("id").asString())
                .retrieve().body(byte[].class);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)))
                .isEqualTo(trainingSet.get("contentSha256").asString());

        List<Map<String, String>> rows = ExampleFiles.csvRows(new String(csv, java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> originalCredits = firstSnapshotCredits();
        for (Map<String, String> row : rows) {
            String customer = row.get("customer_id");
            assertThat(row.get("account_history__existing_credits")).as("no later snapshot leaks for " + customer)
                    .isEqualTo(originalCredits.get(customer));
            assertThat(row.get("customer_profile__age")).isNotEmpty();
            assertThat(Double.parseDouble(row.get("monthly_installment")))
                    .isCloseTo(Double.parseDouble(row.get("credit_amount")) / Double.parseDouble(row.get("duration_in_month")),
                            org.assertj.core.data.Offset.offset(1e-9));
        }

        // Online: materialise everything up to now, then read one customer as a decision would.
        for (String view : List.of("customer_profile", "account_history")) {
            JsonNode job = eli().post().uri("/api/v1/materializations").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("featureView", view, "end", Instant.now().toString())).retrieve().body(JsonNode.class);
            awaitJob(job.path("id").asString(job.path("jobId").asString()));
        }
        // The example's data is historical: the newest profile is still within its 730-day ttl, every account
        // snapshot is past its 365-day ttl, so the online store serves the one and reports the other as expired.
        Map<String, String> newestProfile = ExampleFiles.csvRows(Files.readString(example.resolve("data/customer_profile.csv"))).stream()
                .max(java.util.Comparator.comparing((Map<String, String> r) -> r.get("event_time"))).orElseThrow();
        String customer = newestProfile.get("customer_id");
        JsonNode online = eli().post().uri("/api/v1/online-features").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("featureService", "german_credit_scorecard",
                        "entities", List.of(Map.of("customer_id", customer)),
                        "requestFeatures", List.of(Map.of("credit_amount", 1200.0, "duration_in_month", 12,
                                "purpose", "car (new)", "installment_rate", 2))))
                .retrieve().body(JsonNode.class);
        JsonNode result = online.get("results").get(0);
        assertThat(result.get("statuses").get("customer_profile__age").asString()).isEqualTo("PRESENT");
        assertThat(result.get("values").get("customer_profile__age").asLong()).isEqualTo(Long.parseLong(newestProfile.get("age")));
        assertThat(result.get("values").get("customer_profile__housing").asString()).isEqualTo(newestProfile.get("housing"));
        assertThat(result.get("statuses").get("account_history__existing_credits").asString()).isEqualTo("EXPIRED");
        assertThat(result.get("values").get("account_history__existing_credits").isNull()).isTrue();
        assertThat(result.get("values").get("monthly_installment").asDouble()).isEqualTo(100.0);
    }

    /** The account-history value each customer had before the application: the earliest snapshot per customer. */
    private static Map<String, String> firstSnapshotCredits() throws Exception {
        Map<String, String> first = new HashMap<>();
        Map<String, String> firstTime = new HashMap<>();
        for (Map<String, String> row : ExampleFiles.csvRows(Files.readString(example.resolve("data/account_history.csv")))) {
            String c = row.get("customer_id");
            if (!firstTime.containsKey(c) || row.get("event_time").compareTo(firstTime.get(c)) < 0) {
                firstTime.put(c, row.get("event_time"));
                first.put(c, row.get("existing_credits"));
            }
        }
        return first;
    }

    private static JsonNode ingest(String view, String file) throws Exception {
        return dana().post().uri("/api/v1/feature-views/{v}/batches", view).contentType(MediaType.parseMediaType("text/csv"))
                .body(Files.readString(example.resolve(file))).retrieve().body(JsonNode.class);
    }

    private static void awaitJob(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = eli().get().uri("/api/v1/jobs/{id}", id).retrieve().body(JsonNode.class);
            if (job.get("state").asString().equals("SUCCEEDED")) {
                return;
            }
            assertThat(job.get("state").asString()).as(job.toString()).isNotEqualTo("FAILED");
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private static RestClient dana() {
        return platform.as(DemoIdentity.DANA, StewardService.FEATURE_STORE);
    }

    private static RestClient eli() {
        return platform.as(DemoIdentity.ELI, StewardService.FEATURE_STORE);
    }
}
