package org.steward.featurestore.online;

import org.junit.jupiter.api.Test;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionCodec;
import org.steward.featurestore.definition.DefinitionPlanner;
import org.steward.featurestore.definition.FeatureType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Serving without Spring or servers: statuses, the ttl window, transformations, request features, refusals. */
class OnlineFeaturesTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Instant T = Instant.parse("2025-06-30T12:00:00Z");
    private static final Catalog CATALOG = DefinitionPlanner.plan(DefinitionCodec.parse(YAMLMapper.builder().build().readTree("""
            entities:
              - {name: customer, joinKeys: [{name: customer_id, type: string}]}
              - {name: account, joinKeys: [{name: account_id, type: int64}]}
            featureViews:
              - {name: profile, entities: [customer], ttl: 10d, owner: dana,
                 features: [{name: age, type: int64}, {name: income, type: float64}]}
              - {name: holding, entities: [customer, account], ttl: 0, owner: dana, features: [{name: units, type: int64}]}
            transformations:
              - {name: units_per_age, type: float64, expression: "holding__units * 2"}
              - {name: ask_share, type: float64, expression: "requested / profile__income"}
            featureServices:
              - name: scoring
                features: ["holding:units", "profile:age", "profile:income"]
                transformations: [units_per_age, ask_share]
                requestFeatures: [{name: requested, type: float64}]
            """)), Catalog.EMPTY).catalog();
    private static final ServingPlan PLAN = ServingPlan.compile(CATALOG.latestFeatureService("scoring").orElseThrow(), CATALOG);

    private final InMemoryOnlineStore store = new InMemoryOnlineStore();
    private final OnlineFeatures online = new OnlineFeatures(store, Clock.fixed(T, ZoneOffset.UTC));

    @Test
    void planResolvesViewsInServiceOrderWithTheKeysEachNeeds() {
        assertThat(PLAN.views()).extracting(ServingPlan.ViewPlan::view)
                .containsExactly(new ViewVersion("holding", 1), new ViewVersion("profile", 1));
        assertThat(PLAN.keys()).extracting(k -> k.name()).containsExactly("customer_id", "account_id");
        assertThat(PLAN.views().get(0).columns()).containsExactly("holding__units");
        assertThat(PLAN.views().get(1).columns()).containsExactly("profile__age", "profile__income");
    }

    @Test
    void servesPresentNullExpiredAndMissingInOneStoreRead() {
        profile("c1", T.minus(Duration.ofDays(10)), "{\"age\":41,\"income\":2000.0}");   // exactly at the ttl: still valid
        profile("c2", T.minus(Duration.ofDays(10)).minusNanos(1_000), "{\"age\":30,\"income\":1.0}");
        profile("c3", T.minus(Duration.ofDays(1)), "{\"age\":null,\"income\":500.0}");
        store.upsert(new ViewVersion("holding", 1), List.of(new OnlineRow(EntityKeys.encode(List.of("c1", 7L)),
                T.minus(Duration.ofDays(5000)), T, FeatureValues.encode(Map.of("units", 3L)))));

        List<OnlineFeatures.Result> results = online.serve(PLAN,
                List.of(entity("c1", 7), entity("c2", 7), entity("c3", 7), entity("c4", 7)),
                Arrays.asList(json("{\"requested\":500}"), null, json("{\"requested\":null}"), json("{}")));

        assertThat(store.reads).hasValue(1);
        OnlineFeatures.Result c1 = results.getFirst();
        assertThat(c1.entity()).containsExactly(Map.entry("customer_id", "c1"), Map.entry("account_id", 7L));
        assertThat(c1.values()).containsExactly(Map.entry("holding__units", 3L), Map.entry("profile__age", 41L),
                Map.entry("profile__income", 2000.0), Map.entry("units_per_age", 6.0), Map.entry("ask_share", 0.25));
        assertThat(c1.statuses().values()).containsOnly(OnlineFeatures.Status.PRESENT);

        assertThat(results.get(1).statuses()).containsEntry("profile__age", OnlineFeatures.Status.EXPIRED)
                .containsEntry("holding__units", OnlineFeatures.Status.MISSING).containsEntry("ask_share", OnlineFeatures.Status.NULL);
        assertThat(results.get(1).values().get("profile__age")).isNull();
        assertThat(results.get(2).statuses()).containsEntry("profile__age", OnlineFeatures.Status.NULL)
                .containsEntry("profile__income", OnlineFeatures.Status.PRESENT).containsEntry("ask_share", OnlineFeatures.Status.NULL);
        assertThat(results.get(3).statuses()).containsEntry("profile__age", OnlineFeatures.Status.MISSING);
    }

    @Test
    void readsIntegerKeysGivenAsDigitsAsTheSameKey() {
        store.upsert(new ViewVersion("holding", 1), List.of(new OnlineRow(EntityKeys.encode(List.of("c1", 42L)), T, T,
                FeatureValues.encode(Map.of("units", 1L)))));
        JsonNode asText = json("{\"customer_id\":\"c1\",\"account_id\":\"42\"}");
        assertThat(online.serve(PLAN, List.of(asText), null).getFirst().values()).containsEntry("holding__units", 1L);
    }

    @Test
    void refusesWhatItCannotServeNamingTheEntityAndField() {
        assertRefused(List.of(), null, "at least one entity: an object with the join keys [customer_id, account_id]");
        assertRefused(List.of(json("{\"customer_id\":\"c1\"}")), null, "entities[0]: join key 'account_id' is missing");
        assertRefused(List.of(json("{\"customer_id\":\"c1\",\"account_id\":1.5}")), null,
                "entities[0]: join key 'account_id' must be an integer, got 1.5");
        assertRefused(List.of(json("[1]")), null, "entities[0] must be an object");
        assertRefused(List.of(entity("c1", 1)), List.of(), "one object per entity: 1 entities but 0 requestFeatures");
        assertRefused(List.of(entity("c1", 1)), List.of(json("{\"requested\":true}")),
                "requestFeatures[0]: 'requested' must be float64, got true");
        assertRefused(List.of(entity("c1", 1)), List.of(json("{\"other\":1}")), "'other' is not a request feature of scoring@1");
        assertRefused(Collections.nCopies(OnlineFeatures.MAX_ENTITIES + 1, entity("c1", 1)), null,
                "at most 1000 entities per request, got 1001");
    }

    @Test
    void encodesKeysUnambiguouslyAndValuesByDeclaredType() {
        assertThat(EntityKeys.encode(List.of("a\",\"b"))).isNotEqualTo(EntityKeys.encode(List.of("a", "b")));
        assertThat(EntityKeys.encode(List.of("42"))).isNotEqualTo(EntityKeys.encode(List.of(42L)));
        Map<String, Object> values = new HashMap<>();
        values.put("n", 3L);
        values.put("x", 3.0);
        values.put("nan", Double.NaN);
        values.put("b", true);
        values.put("s", "");
        values.put("missing", null);
        Object[] decoded = FeatureValues.decode(FeatureValues.encode(values), List.of("n", "x", "nan", "b", "s", "missing", "absent"),
                List.of(FeatureType.INT64, FeatureType.FLOAT64, FeatureType.FLOAT64, FeatureType.BOOL, FeatureType.STRING,
                        FeatureType.INT64, FeatureType.STRING));
        assertThat(decoded).containsExactly(3L, 3.0, Double.NaN, true, "", null, null);
    }

    private void assertRefused(List<JsonNode> entities, List<JsonNode> requests, String message) {
        assertThatThrownBy(() -> online.serve(PLAN, entities, requests)).isInstanceOf(StewardException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((StewardException) e).kind()).isEqualTo(StewardException.Kind.INVALID));
    }

    private void profile(String customer, Instant eventTime, String values) {
        store.upsert(new ViewVersion("profile", 1), List.of(new OnlineRow(EntityKeys.encode(List.of(customer)), eventTime, eventTime, values)));
    }

    private static JsonNode entity(String customer, long account) {
        return JSON.createObjectNode().put("customer_id", customer).put("account_id", account);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
