package org.steward.featurestore.definition;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing and planning of definition documents, without Spring or a database. */
class DefinitionPlannerTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static final String DOCUMENT = """
            entities:
              - name: customer
                joinKeys: [{name: customer_id, type: string}]
            featureViews:
              - name: customer_profile
                entities: [customer]
                ttl: 365d
                owner: dana
                source: {type: batch}
                features:
                  - {name: age, type: int64, min: 18, max: 100, protected: true, nullable: false}
                  - {name: housing, type: string, allowedValues: [own, rent, free]}
              - name: loan
                entities: [customer]
                ttl: 0
                owner: dana
                features:
                  - {name: credit_amount, type: float64, min: 0}
                  - {name: duration, type: int64, min: 1}
            transformations:
              - name: amount_per_month
                type: float64
                expression: "loan__credit_amount / loan__duration"
            featureServices:
              - name: credit_scorecard
                features: ["customer_profile:age", "customer_profile:housing", "loan:credit_amount", "loan:duration"]
                transformations: [amount_per_month]
            """;

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    @Test
    void aNewDocumentCreatesVersionOneOfEverythingAndPinsTheService() {
        Plan plan = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), Catalog.EMPTY);

        assertThat(plan.changes()).extracting(Plan.Change::action).containsOnly(Plan.Action.CREATE);
        assertThat(plan.changes()).hasSize(5);
        FeatureService service = plan.catalog().latestFeatureService("credit_scorecard").orElseThrow();
        assertThat(service.features()).extracting(FeatureRef::reference)
                .containsExactly("customer_profile@1:age", "customer_profile@1:housing", "loan@1:credit_amount", "loan@1:duration");
        assertThat(service.transformations()).containsExactly(new FeatureService.TransformationRef("amount_per_month", 1));
        FeatureView profile = plan.catalog().latestFeatureView("customer_profile").orElseThrow();
        assertThat(profile.ttl()).isEqualTo(Duration.ofDays(365));
        assertThat(profile.feature("age").orElseThrow().protectedAttribute()).isTrue();
    }

    @Test
    void reapplyingTheSameDocumentChangesNothing() {
        Catalog applied = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), Catalog.EMPTY).catalog();
        Plan again = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), applied);

        assertThat(again.changesAnything()).isFalse();
        assertThat(again.created()).isEmpty();
    }

    @Test
    void aChangedViewBecomesANewVersionWithItsDifferencesAndTheServiceFollowsIt() {
        Catalog applied = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), Catalog.EMPTY).catalog();
        String changed = DOCUMENT.replace("ttl: 365d", "ttl: 180d")
                .replace("- {name: housing, type: string, allowedValues: [own, rent, free]}",
                        "- {name: housing, type: string, allowedValues: [own, rent, free]}\n      - {name: job, type: string}");
        Plan plan = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(changed)), applied);

        Plan.Change view = plan.changes().stream().filter(c -> c.name().equals("customer_profile")).findFirst().orElseThrow();
        assertThat(view.action()).isEqualTo(Plan.Action.NEW_VERSION);
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.differences()).contains("feature added: job", "ttl: \"365d\" -> \"180d\"");
        Plan.Change service = plan.changes().stream().filter(c -> c.name().equals("credit_scorecard")).findFirst().orElseThrow();
        assertThat(service.action()).isEqualTo(Plan.Action.NEW_VERSION);
        assertThat(plan.catalog().featureView("customer_profile", 1)).isPresent();
        assertThat(plan.catalog().latestFeatureService("credit_scorecard").orElseThrow().features().getFirst().reference())
                .isEqualTo("customer_profile@2:age");
    }

    @Test
    void aPinnedReferenceKeepsTheOldViewVersion() {
        Catalog applied = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), Catalog.EMPTY).catalog();
        String pinned = DOCUMENT.replace("ttl: 365d", "ttl: 30d").replace("\"customer_profile:age\"", "\"customer_profile@1:age\"");
        Plan plan = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(pinned)), applied);

        FeatureService service = plan.catalog().latestFeatureService("credit_scorecard").orElseThrow();
        assertThat(service.features()).extracting(FeatureRef::reference)
                .startsWith("customer_profile@1:age", "customer_profile@2:housing");
    }

    @Test
    void everyProblemOfADocumentIsReportedWithWhereItIs() {
        String bad = """
                entities:
                  - name: Customer
                    joinKeys: []
                featureViews:
                  - name: profile
                    entities: [customer]
                    ttl: forever
                    features:
                      - {name: age, type: integer, min: 5, max: 1}
                      - {name: city, type: float64, allowedValues: [x]}
                """;
        assertThatThrownBy(() -> DefinitionCodec.parse(yaml(bad)))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).contains(
                        "entities[0].name: 'Customer' is not a valid name: use 1-48 lower-case letters, digits or _, starting with a letter",
                        "entities[0].joinKeys: an entity needs at least one join key, e.g. [{name: customer_id, type: string}]",
                        "featureViews[0].ttl: 'forever' is not a ttl; use e.g. 30d, 12h, 90m, P30D, or 0 for no expiry",
                        "featureViews[0].owner: every feature view has an owner accountable for its data",
                        "featureViews[0].features[0].type: unknown type 'integer'; use one of int64, float64, bool, string",
                        "featureViews[0].features[0]: min 5.0 is above max 1.0",
                        "featureViews[0].features[1].allowedValues: allowedValues apply to strings, not to float64"));
    }

    @Test
    void referencesToMissingThingsAndBadExpressionsAreRefused() {
        String bad = DOCUMENT.replace("\"loan:duration\"", "\"loan:durationn\", \"nothing:x\"")
                .replace("loan__credit_amount / loan__duration", "loan__credit_amount / customer_profile__housing");
        assertThatThrownBy(() -> DefinitionPlanner.plan(DefinitionCodec.parse(yaml(bad)), Catalog.EMPTY))
                .isInstanceOfSatisfying(DefinitionException.class, e -> {
                    assertThat(e.problems()).contains(
                            "featureService credit_scorecard: feature view loan@1 has no feature 'durationn'",
                            "featureService credit_scorecard: feature view 'nothing' does not exist");
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                            .startsWith("featureService credit_scorecard: transformation 'amount_per_month': "));
                });
    }

    @Test
    void aViewMayNotReuseAJoinKeyOrAReservedColumnName() {
        String bad = DOCUMENT.replace("- {name: duration, type: int64, min: 1}",
                "- {name: duration, type: int64, min: 1}\n      - {name: customer_id, type: string}\n      - {name: event_time, type: string}");
        assertThatThrownBy(() -> DefinitionPlanner.plan(DefinitionCodec.parse(yaml(bad)), Catalog.EMPTY))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).contains(
                        "featureView loan: feature 'customer_id' has the name of a join key",
                        "featureView loan: 'event_time' is reserved for the store's own columns; rename the feature"));
    }

    @Test
    void storedDefinitionsReadBackAsTheyWereWritten() {
        Catalog catalog = DefinitionPlanner.plan(DefinitionCodec.parse(yaml(DOCUMENT)), Catalog.EMPTY).catalog();
        for (FeatureView v : catalog.featureViews()) {
            assertThat(DefinitionCodec.featureView(DefinitionCodec.toJson(v))).isEqualTo(v);
        }
        for (FeatureService s : catalog.featureServices()) {
            assertThat(DefinitionCodec.featureService(DefinitionCodec.toJson(s))).isEqualTo(s);
        }
        assertThat(List.of(DefinitionCodec.ttl(Duration.ofHours(36)), DefinitionCodec.ttl(Duration.ZERO),
                DefinitionCodec.ttl(Duration.ofMinutes(90)))).containsExactly("36h", "0", "90m");
    }
}
