package org.steward.featurestore.online;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The online store through its API on the PostgreSQL backend: materialisation by range and incrementally, serving
 * with ttl, statuses, transformations and request features, and the refusals.
 */
@RealInfrastructure
@SpringBootTest(classes = {FeatureStoreApplication.class, ServiceClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OnlineIntegrationSupport.CONFIG, OnlineIntegrationSupport.POSTGRES_SCHEMA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineApiIntegrationTest extends OnlineIntegrationSupport {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final List<String> PROFILE = List.of("customer_id", "event_time", "created", "age", "housing", "income");
    private static final List<String> LOAN = List.of("customer_id", "event_time", "created", "amount", "months");

    @BeforeAll
    void defineAndLoad() {
        apply("""
                entities:
                  - {name: apic_customer, joinKeys: [{name: customer_id, type: string}]}
                featureViews:
                  - name: apic_profile
                    entities: [apic_customer]
                    ttl: 10d
                    owner: dana
                    features:
                      - {name: age, type: int64}
                      - {name: housing, type: string}
                      - {name: income, type: float64}
                  - name: apic_loan
                    entities: [apic_customer]
                    ttl: 0
                    owner: dana
                    features:
                      - {name: amount, type: float64}
                      - {name: months, type: int64}
                transformations:
                  - {name: apic_per_month, type: float64, expression: "apic_loan__amount / apic_loan__months"}
                  - {name: apic_affordability, type: float64, expression: "requested / apic_profile__income"}
                featureServices:
                  - name: apic_service
                    features: ["apic_profile:age", "apic_profile:housing", "apic_profile:income", "apic_loan:amount", "apic_loan:months"]
                    transformations: [apic_per_month, apic_affordability]
                    requestFeatures: [{name: requested, type: float64}]
                """);
        insert("apic_profile", PROFILE, List.of(
                row("c1", T0.minus(days(2)), T0.minus(days(2)), 40L, "own", 3000.0),
                row("c1", T0.minus(days(1)), T0.minus(days(1)), 41L, "rent", 3100.0),
                row("c2", T0.minus(days(20)), T0.minus(days(20)), 30L, "free", 2000.0),
                row("c3", T0.minus(days(1)), T0.minus(days(1)), null, null, 1000.0),
                row("c4", T0.plus(days(1)), T0, 50L, "own", 9000.0)));
        insert("apic_loan", LOAN, List.of(
                row("c1", T0.minus(days(100)), T0.minus(days(100)), 12000.0, 24L),
                row("c3", T0.minus(days(1)), T0.minus(days(1)), null, null)));
        JsonNode profile = materialize(Map.of("featureView", "apic_profile", "end", T0.toString()));
        assertThat(profile.get("state").asString()).as("%s", profile).isEqualTo("SUCCEEDED");
        assertThat(profile.get("result").get("rowsRead").asLong()).as("c4's only row is after the end").isEqualTo(3);
        assertThat(profile.get("result").get("mode").asString()).isEqualTo("RANGE");
        assertThat(materialize(Map.of("featureView", "apic_loan", "version", 1, "end", T0.toString())).get("state").asString())
                .isEqualTo("SUCCEEDED");
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void servesValuesStatusesAndTransformationsWithTheTtlEnforced() {
        clock.holdAt(T0);
        JsonNode response = onlineFeatures(Map.of("featureService", "apic_service",
                "entities", List.of(Map.of("customer_id", "c1"), Map.of("customer_id", "c2"), Map.of("customer_id", "c3"),
                        Map.of("customer_id", "c4", "ignored", "extra fields are ignored")),
                "requestFeatures", Arrays.asList(Map.of("requested", 6200.0), Map.of(), nullRequested(), Map.of("requested", 1))));

        assertThat(response.get("featureService").toString()).isEqualTo("{\"name\":\"apic_service\",\"version\":1}");
        assertThat(response.get("viewVersions").toString())
                .isEqualTo("[{\"name\":\"apic_profile\",\"version\":1},{\"name\":\"apic_loan\",\"version\":1}]");
        JsonNode c1 = response.get("results").get(0);
        assertThat(c1.get("entity").toString()).isEqualTo("{\"customer_id\":\"c1\"}");
        assertThat(c1.get("values").toString()).isEqualTo("{\"apic_profile__age\":41,\"apic_profile__housing\":\"rent\","
                + "\"apic_profile__income\":3100.0,\"apic_loan__amount\":12000.0,\"apic_loan__months\":24,"
                + "\"apic_per_month\":500.0,\"apic_affordability\":2.0}");
        assertThat(statuses(c1)).containsOnlyKeys(names(c1)).allSatisfy((k, v) -> assertThat(v).isEqualTo("PRESENT"));

        JsonNode c2 = response.get("results").get(1);
        assertThat(statuses(c2)).containsEntry("apic_profile__age", "EXPIRED").containsEntry("apic_profile__income", "EXPIRED")
                .containsEntry("apic_loan__amount", "MISSING").containsEntry("apic_per_month", "NULL")
                .containsEntry("apic_affordability", "NULL");
        assertThat(c2.get("values").get("apic_profile__age").isNull()).isTrue();

        JsonNode c3 = response.get("results").get(2);
        assertThat(statuses(c3)).containsEntry("apic_profile__age", "NULL").containsEntry("apic_profile__housing", "NULL")
                .containsEntry("apic_profile__income", "PRESENT").containsEntry("apic_loan__amount", "NULL")
                .containsEntry("apic_affordability", "NULL");

        JsonNode c4 = response.get("results").get(3);
        assertThat(c4.get("entity").toString()).isEqualTo("{\"customer_id\":\"c4\"}");
        assertThat(statuses(c4)).containsEntry("apic_profile__age", "MISSING").containsEntry("apic_loan__months", "MISSING");
    }

    @Test
    void rowsEqualInKeysEventTimeAndCreatedResolveToTheLaterInsertedOneOfflineAndOnline() {
        Instant at = T0.minus(days(3));
        insert("apic_loan", LOAN, List.of(row("tie", at, at, 100.0, 10L), row("tie", at, at, 200.0, 20L)));
        assertThat(materialize(Map.of("featureView", "apic_loan", "start", T0.minus(days(4)).toString(), "end", T0.toString()))
                .get("state").asString()).isEqualTo("SUCCEEDED");
        clock.holdAt(T0);
        JsonNode online = onlineFeatures(Map.of("featureService", "apic_service",
                "entities", List.of(Map.of("customer_id", "tie")), "requestFeatures", List.of(Map.of("requested", 1.0))));
        assertThat(online.get("results").get(0).get("values").get("apic_loan__amount").asDouble()).isEqualTo(200.0);

        String trainingSet = as(DemoIdentity.DANA).post().uri("/api/v1/training-sets?featureService=apic_service")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv"))
                .body("customer_id,event_time,requested\ntie," + T0 + ",1\n").retrieve().body(JsonNode.class)
                .get("id").asString();
        String csv = as(DemoIdentity.DANA).get().uri("/api/v1/training-sets/{id}/data", trainingSet).retrieve().body(String.class);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains(",200.0,20,");
    }

    @Test
    void aValueIsServedUpToExactlyItsTtlAndWithheldAfter() {
        Instant c1Latest = T0.minus(days(1));
        clock.holdAt(c1Latest.plus(days(10)));
        assertThat(statuses(onlineFeatures(c1()).get("results").get(0))).containsEntry("apic_profile__age", "PRESENT");
        clock.holdAt(c1Latest.plus(days(10)).plusNanos(1_000));
        assertThat(statuses(onlineFeatures(c1()).get("results").get(0))).containsEntry("apic_profile__age", "EXPIRED")
                .containsEntry("apic_loan__amount", "PRESENT");
    }

    @Test
    void incrementalRunsLandLateCorrectionsByTheTieBreakAndAreRecorded() {
        String view = "apic_inc";
        apply("""
                entities:
                  - {name: apic_customer, joinKeys: [{name: customer_id, type: string}]}
                featureViews:
                  - {name: apic_inc, entities: [apic_customer], ttl: 0, owner: dana, features: [{name: score, type: int64}]}
                featureServices:
                  - {name: apic_inc_service, features: ["apic_inc:score"]}
                """);
        List<String> columns = List.of("customer_id", "event_time", "created", "score");
        insert(view, columns, List.of(row("k1", T0.minus(days(1)), T0.minus(days(1)), 1L),
                row("k2", T0.minus(days(5)), T0.minus(days(5)), 2L)));
        JsonNode first = materialize(Map.of("featureView", view, "incremental", true, "end", T0.toString()));
        assertThat(first.get("result").get("rowsRead").asLong()).as("no watermark yet: everything").isEqualTo(2);

        insert(view, columns, List.of(
                row("k1", T0.minus(days(1)), null, 10L),    // same event time, written later: a correction
                row("k1", T0.minus(days(3)), null, 99L),    // an older event written later: loses to the newer event
                row("k2", T0.minus(days(2)), null, 20L),    // a newer event time
                row("k3", T0.plus(days(1)), null, 30L)));   // after the end: not yet
        JsonNode second = materialize(Map.of("featureView", view, "incremental", true, "end", T0.toString()));
        assertThat(second.get("state").asString()).as("%s", second).isEqualTo("SUCCEEDED");
        assertThat(second.get("result").get("mode").asString()).isEqualTo("INCREMENTAL");
        assertThat(second.get("result").get("rowsRead").asLong()).as("only what was written since").isEqualTo(2);
        assertThat(second.get("result").get("createdFrom").asString()).isEqualTo(first.get("result").get("watermark").asString());
        assertThat(scores(view, "k1", "k2", "k3")).containsExactly("10", "20", "MISSING");

        JsonNode third = materialize(Map.of("featureView", view, "incremental", true, "end", T0.plus(days(2)).toString()));
        assertThat(third.get("result").get("rowsRead").asLong()).as("k3's row is now within the end").isEqualTo(1);
        assertThat(scores(view, "k1", "k2", "k3")).containsExactly("10", "20", "30");

        Response behind = post(DemoIdentity.ELI, "/api/v1/materializations",
                Map.of("featureView", view, "incremental", true, "end", T0.toString()));
        assertThat(behind.status()).isEqualTo(409);
        assertThat(behind.body().get("detail").asString()).contains("materialised up to " + T0.plus(days(2)));

        assertThat(jdbc.queryForObject("select count(*) from materialization_run where view = ?", Long.class, view)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from steward_outbox where topic = 'steward.audit' "
                + "and event_key = 'feature-view/apic_inc@1' and payload like '%feature-view.materialized%'", Long.class)).isEqualTo(3);
        JsonNode runs = as(DemoIdentity.AUDREY).get().uri("/api/v1/materializations?featureView={v}", view).retrieve().body(JsonNode.class);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).get("createdBy").asString()).isEqualTo("eli");
        assertThat(runs.get(0).get("backend").asString()).isEqualTo("postgres");
        JsonNode all = as(DemoIdentity.OMAR).get().uri("/api/v1/materializations?limit=500").retrieve().body(JsonNode.class);
        assertThat(all.size()).as("every view's runs").isGreaterThanOrEqualTo(5);
    }

    @Test
    void refusesBadRequestsWithProblemDetails() {
        assertThat(post(DemoIdentity.OMAR, "/api/v1/online-features", Map.of("featureService", "nope", "entities", List.of(Map.of())))
                .status()).isEqualTo(404);
        assertThat(post(DemoIdentity.OMAR, "/api/v1/online-features", Map.of("featureService", "apic_service", "version", 9,
                "entities", List.of(Map.of("customer_id", "c1")))).status()).isEqualTo(404);
        assertRefused(Map.of("featureService", "apic_service", "entities", List.of()), "at least one entity");
        assertRefused(Map.of("featureService", "apic_service", "entities", List.of(Map.of("id", "c1"))),
                "entities[0]: join key 'customer_id' is missing");
        assertRefused(Map.of("featureService", "apic_service", "entities", List.of(Map.of("customer_id", 7))),
                "entities[0]: join key 'customer_id' must be a string");
        assertRefused(Map.of("featureService", "apic_service", "entities", List.of(Map.of("customer_id", "c1")),
                "requestFeatures", List.of(Map.of("requested", "lots"))), "requestFeatures[0]: 'requested' must be float64");
        assertRefused(Map.of("featureService", "apic_service", "entities", List.of(Map.of("customer_id", "c1")),
                "requestFeatures", List.of(Map.of("asked", 1))), "'asked' is not a request feature");
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i <= OnlineFeatures.MAX_ENTITIES; i++) {
            tooMany.add(Map.of("customer_id", "c" + i));
        }
        assertRefused(Map.of("featureService", "apic_service", "entities", tooMany), "at most 1000 entities");
        assertThat(post(DemoIdentity.AUDREY, "/api/v1/online-features", c1()).status()).as("auditors do not serve").isEqualTo(403);

        assertThat(post(DemoIdentity.DANA, "/api/v1/materializations", Map.of("featureView", "apic_profile", "end", T0.toString()))
                .status()).as("data scientists do not write the production store").isEqualTo(403);
        Map<String, Object> noEnd = Map.of("featureView", "apic_profile");
        assertThat(post(DemoIdentity.ELI, "/api/v1/materializations", noEnd).body().get("detail").asString()).contains("end is required");
        assertThat(post(DemoIdentity.ELI, "/api/v1/materializations", Map.of("featureView", "apic_profile",
                "start", T0.toString(), "end", T0.toString())).status()).isEqualTo(400);
        assertThat(post(DemoIdentity.ELI, "/api/v1/materializations", Map.of("featureView", "apic_profile", "incremental", true,
                "start", T0.minus(days(1)).toString(), "end", T0.toString())).status()).isEqualTo(400);
        assertThat(post(DemoIdentity.ELI, "/api/v1/materializations", Map.of("featureView", "ghost", "end", T0.toString()))
                .status()).isEqualTo(404);
        assertThat(post(DemoIdentity.ELI, "/api/v1/materializations", Map.of("featureView", "apic_profile", "end", "yesterday"))
                .status()).isEqualTo(400);
    }

    private void assertRefused(Object body, String detail) {
        Response response = post(DemoIdentity.OMAR, "/api/v1/online-features", body);
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.body().get("detail").asString()).contains(detail);
    }

    /** Each key's served score, or its status when there is none. */
    private List<String> scores(String view, String... keys) {
        JsonNode response = onlineFeatures(Map.of("featureService", view + "_service",
                "entities", Arrays.stream(keys).map(k -> Map.of("customer_id", k)).toList()));
        List<String> scores = new ArrayList<>();
        response.get("results").forEach(r -> scores.add(r.get("statuses").get(view + "__score").asString().equals("PRESENT")
                ? r.get("values").get(view + "__score").asString() : r.get("statuses").get(view + "__score").asString()));
        return scores;
    }

    private static Map<String, Object> c1() {
        return Map.of("featureService", "apic_service", "entities", List.of(Map.of("customer_id", "c1")));
    }

    private static Map<String, Object> nullRequested() {
        Map<String, Object> request = new HashMap<>();
        request.put("requested", null);
        return request;
    }

    private static Map<String, String> statuses(JsonNode result) {
        Map<String, String> statuses = new HashMap<>();
        result.get("statuses").properties().forEach(e -> statuses.put(e.getKey(), e.getValue().asString()));
        return statuses;
    }

    private static String[] names(JsonNode result) {
        return result.get("values").propertyNames().toArray(String[]::new);
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }
}
