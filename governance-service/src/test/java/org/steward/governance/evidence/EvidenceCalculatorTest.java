package org.steward.governance.evidence;

import org.junit.jupiter.api.Test;
import org.steward.commons.web.StewardException;
import org.steward.governance.GermanCredit;
import org.steward.governance.fairness.AgeBands;
import org.steward.governance.fairness.AttributeFairness;
import org.steward.governance.fairness.GroupMetrics;
import org.steward.runtime.ScoringModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evidence of the example scorecard on the German credit rows, computed without services. */
class EvidenceCalculatorTest {

    @Test
    void splitsByTheLineageWindowsScoresDecidesAndFillsTheGateInputs() {
        Evidence e = EvidenceFixtures.evidence();

        // 17.5 h apart from 2023-01-01: 2023 and H1 2024 (13,128 h) hold rows 0..750, H2 2024 the rest
        assertThat(e.data().developmentRows()).isEqualTo(751);
        assertThat(e.data().outOfTimeRows()).isEqualTo(249);
        assertThat(e.data().outsideWindows()).isZero();
        assertThat(e.data().labelColumn()).isEqualTo("bad");
        assertThat(e.development().count() + e.outOfTime().count()).isEqualTo(1000);
        assertThat(e.development().bads() + e.outOfTime().bads()).isEqualTo(300);
        assertThat(e.outOfTime().gini()).isBetween(0.3, 0.8);

        GateInputs gates = e.gateInputs();
        assertThat(gates.giniOutOfTime()).isEqualTo(e.outOfTime().gini());
        assertThat(gates.psiDevVsOot()).isEqualTo(e.stability().psi());
        assertThat(gates.calibrationPassed()).isEqualTo(e.calibration().passed());
        assertThat(gates.calibrationPValue()).isEqualTo(e.calibration().pValue());
        assertThat(gates.disparateImpact()).containsOnlyKeys("age", "personal_status_and_sex", "foreign_worker");
        assertThat(gates.explanations()).isTrue();
        assertThat(e.explanations().method()).isEqualTo("scorecard points");
        assertThat(e.explanations().importance()).extracting(Evidence.Explanations.Importance::feature)
                .containsExactlyInAnyOrderElementsOf(GermanCredit.SIGNATURE.names());
        assertThat(e.explanations().importance().getFirst().meanAbsoluteContribution())
                .isGreaterThanOrEqualTo(e.explanations().importance().getLast().meanAbsoluteContribution());
        assertThat(gates.report()).isFalse();

        JsonNode json = gates.toJson();
        assertThat(json.propertyNames()).containsExactly("giniOutOfTime", "psiDevVsOot", "calibrationPassed",
                "calibrationPValue", "disparateImpact", "explanations", "report");
        assertThat(json.get("disparateImpact").get("age").asDouble()).isEqualTo(gates.disparateImpact().get("age"));
    }

    @Test
    void fairnessIsOnAllLabelledRowsWithAgeInBandsAndDeclaredNamesResolvedToFeatureColumns() {
        Evidence e = EvidenceFixtures.evidence();

        assertThat(e.fairness().columns()).containsEntry("age", "customer_profile__age")
                .containsEntry("personal_status_and_sex", "customer_profile__personal_status_and_sex");
        AttributeFairness age = e.fairness().attributes().getFirst();
        assertThat(age.groups()).extracting(GroupMetrics::group).containsExactlyElementsOf(AgeBands.LABELS);
        assertThat(age.groups().stream().mapToLong(GroupMetrics::count).sum()).isEqualTo(1000);
        assertThat(e.gateInputs().disparateImpact().get("age")).isEqualTo(age.minimumDisparateImpact());

        // the same numbers as deciding the applicants directly (the fairlearn parity test's population)
        List<GermanCredit.Applicant> applicants = GermanCredit.applicants();
        long approvedYoung = 0;
        try (ScoringModel card = GermanCredit.loadScorecard()) {
            for (GermanCredit.Applicant a : applicants) {
                if (a.age() < 25 && GermanCredit.POLICY.decide(card.score(a.inputs()).probability())
                        == DecisionPolicy.Decision.APPROVE) {
                    approvedYoung++;
                }
            }
        }
        GroupMetrics young = age.groups().getFirst();
        assertThat(young.selectionRate()).isEqualTo((double) approvedYoung / young.count());
    }

    @Test
    void anAttributeTheTrainingSetLacksIsReportedMissingAndItsGateInputIsNull() {
        Evidence e;
        try (ScoringModel card = GermanCredit.loadScorecard()) {
            e = EvidenceCalculator.compute(EvidenceFixtures.facts(List.of("age", "religion")),
                    EvidenceFixtures.trainingSet(), card);
        }
        assertThat(e.fairness().missing()).containsExactly("religion");
        assertThat(e.gateInputs().disparateImpact()).containsEntry("religion", null);
        assertThat(e.gateInputs().toJson().get("disparateImpact").get("religion").isNull()).isTrue();
    }

    @Test
    void theLabelIsTheColumnTheLineageNamesElseTheOnlyExtraColumn() {
        TrainingSetRows rows = EvidenceFixtures.trainingSet();
        assertThat(EvidenceCalculator.labelColumn(rows, "applications.bad")).isEqualTo("bad");
        assertThat(EvidenceCalculator.labelColumn(rows, "bad")).isEqualTo("bad");
        assertThat(EvidenceCalculator.labelColumn(rows, "the loan ledger")).isEqualTo("bad");

        var roles = new LinkedHashMap<>(rows.roles());
        roles.put("purpose", "extra");
        TrainingSetRows twoExtras = new TrainingSetRows(rows.types(), roles, List.of());
        assertThatThrownBy(() -> EvidenceCalculator.labelColumn(twoExtras, null))
                .isInstanceOf(StewardException.class).hasMessageContaining("label.source");
    }

    @Test
    void withoutADecisionPolicyOrAnOutOfTimeWindowNothingIsComputed() {
        ModelFacts f = EvidenceFixtures.facts(List.of("age"));
        ModelFacts noPolicy = new ModelFacts(f.model(), f.useCase(), f.riskTier(), f.owner(), f.description(),
                f.intendedUse(), f.limitations(), f.protectedAttributes(), null, f.version(), f.status(), f.format(),
                f.artifactSha256(), f.artifactSize(), f.registeredBy(), f.registeredAt(), f.inputs(), f.lineage());
        ModelFacts.Lineage l = f.lineage();
        ModelFacts noWindow = new ModelFacts(f.model(), f.useCase(), f.riskTier(), f.owner(), f.description(),
                f.intendedUse(), f.limitations(), f.protectedAttributes(), f.decisionPolicy(), f.version(), f.status(),
                f.format(), f.artifactSha256(), f.artifactSize(), f.registeredBy(), f.registeredAt(), f.inputs(),
                new ModelFacts.Lineage(l.trainingSetId(), l.trainingSetSha256(), l.featureViews(), l.labelDefinition(),
                        l.labelSource(), l.train(), l.validation(), null, l.gitCommit()));
        try (ScoringModel card = GermanCredit.loadScorecard()) {
            assertThatThrownBy(() -> EvidenceCalculator.compute(noPolicy, EvidenceFixtures.trainingSet(), card))
                    .isInstanceOf(StewardException.class).hasMessageContaining("no decision policy");
            assertThatThrownBy(() -> EvidenceCalculator.compute(noWindow, EvidenceFixtures.trainingSet(), card))
                    .isInstanceOf(StewardException.class).hasMessageContaining("outOfTime");
        }
    }

    @Test
    void theBodySurvivesItsJsonRoundTripExactlyNaNsIncluded() {
        Evidence e = EvidenceFixtures.evidence();
        JsonMapper json = JsonMapper.builder().build();

        Evidence back = json.readValue(json.writeValueAsString(e), Evidence.class);

        String original = json.writeValueAsString(e);
        String again = json.writeValueAsString(back);
        int at = 0;
        while (at < Math.min(original.length(), again.length()) && original.charAt(at) == again.charAt(at)) {
            at++;
        }
        assertThat(again).as("first difference at %d: %s", at,
                again.substring(Math.max(0, at - 80), Math.min(again.length(), at + 80))).isEqualTo(original);
        assertThat(back.stability().psi()).isEqualTo(e.stability().psi());
        assertThat(back.fairness().attributes().getFirst().groups())
                .isEqualTo(e.fairness().attributes().getFirst().groups());
        var nobodyApproved = new Evidence.Decisions("out-of-time", 3, 0, 0.5, 0.5, Double.NaN);
        assertThat(json.readValue(json.writeValueAsString(nobodyApproved), Evidence.Decisions.class).badRateAmongApproved())
                .isNaN();
    }

    @Test
    void readsTheCanonicalCsvWithItsTypesNullsAndQuoting() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("id", "string");
        types.put("t", "timestamp");
        types.put("n", "int64");
        types.put("x", "float64");
        types.put("b", "bool");
        types.put("s", "string");
        Map<String, String> roles = Map.of("id", "key", "t", "event_time", "n", "extra", "x", "feature", "b",
                "feature", "s", "feature");
        String csv = "id,t,n,x,b,s\n"
                + "a,2024-01-01T00:00:00Z,1,0.5,true,\"x, \"\"quoted\"\"\ny\"\n"
                + "b,2024-01-02T00:00:00Z,,,,\"\"\n";

        TrainingSetRows rows = TrainingSetRows.parse(csv.getBytes(StandardCharsets.UTF_8), types, roles);

        assertThat(rows.rows()).hasSize(2);
        Map<String, Object> first = rows.rows().getFirst();
        assertThat(first).containsEntry("n", 1L).containsEntry("x", 0.5).containsEntry("b", true)
                .containsEntry("s", "x, \"quoted\"\ny").containsEntry("t", Instant.parse("2024-01-01T00:00:00Z"));
        Map<String, Object> second = rows.rows().get(1);
        assertThat(second.get("n")).isNull();
        assertThat(second.get("x")).isNull();
        assertThat(second.get("b")).isNull();
        assertThat(second.get("s")).as("a quoted empty field is the empty string").isEqualTo("");

        List<String> wrongHeader = new ArrayList<>(types.keySet());
        wrongHeader.set(0, "key");
        assertThatThrownBy(() -> TrainingSetRows.parse((String.join(",", wrongHeader) + "\n")
                .getBytes(StandardCharsets.UTF_8), types, roles)).hasMessageContaining("header");
    }
}
