package org.steward.governance.fairness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.steward.governance.GermanCredit;
import org.steward.governance.evidence.DecisionPolicy.Decision;
import org.steward.runtime.ScoringModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * Steward's fairness numbers against fairlearn's on the German credit example: the example scorecard scores the
 * 1,000 applicants, the decision policy decides, and {@code src/test/python/fairlearn_metrics.py} runs fairlearn's
 * MetricFrame on the very rows this test writes. Every per-group rate, AIF360 comparison and between-groups
 * aggregate must agree to 1e-12. The Python comes from the project's {@code .venv} ({@code make python-env});
 * without it this test fails rather than skips, since a skipped parity test proves nothing.
 */
class FairlearnParityTest {

    private static final double TOLERANCE = 1e-12;
    private static final Map<String, Function<GermanCredit.Applicant, String>> ATTRIBUTES = new LinkedHashMap<>();

    static {
        ATTRIBUTES.put("age_band", a -> AgeBands.ofYears(a.age()));
        ATTRIBUTES.put("personal_status_and_sex", GermanCredit.Applicant::personalStatusAndSex);
        ATTRIBUTES.put("foreign_worker", GermanCredit.Applicant::foreignWorker);
    }

    @TempDir
    static Path work;
    static List<GermanCredit.Applicant> applicants;
    static boolean[] approved;
    static JsonNode fairlearn;

    @BeforeAll
    static void scoreDecideAndRunFairlearn() throws IOException, InterruptedException {
        applicants = GermanCredit.applicants();
        approved = new boolean[applicants.size()];
        try (ScoringModel scorecard = GermanCredit.loadScorecard()) {
            for (int i = 0; i < applicants.size(); i++) {
                double p = scorecard.score(applicants.get(i).inputs()).probability();
                approved[i] = GermanCredit.POLICY.decide(p) == Decision.APPROVE;
            }
        }
        Path rows = work.resolve("rows.csv");
        StringBuilder csv = new StringBuilder(String.join(",", ATTRIBUTES.keySet())).append(",y_true,y_pred\n");
        for (int i = 0; i < applicants.size(); i++) {
            GermanCredit.Applicant a = applicants.get(i);
            for (var group : ATTRIBUTES.values()) {
                csv.append('"').append(group.apply(a)).append("\",");
            }
            csv.append(a.bad() ? 0 : 1).append(',').append(approved[i] ? 1 : 0).append('\n');
        }
        Files.writeString(rows, csv);

        Path root = GermanCredit.repositoryRoot();
        Path python = root.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            fail(python + " is missing: run `make python-env` (it creates .venv from clients/python/requirements-dev.lock)");
        }
        Path out = work.resolve("fairlearn.json");
        List<String> command = new ArrayList<>(List.of(python.toString(),
                root.resolve("governance-service/src/test/python/fairlearn_metrics.py").toString(), rows.toString(),
                out.toString()));
        command.addAll(ATTRIBUTES.keySet());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail("fairlearn_metrics.py failed:\n" + output);
        }
        fairlearn = JsonMapper.builder().build().readTree(out.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"age_band", "personal_status_and_sex", "foreign_worker"})
    void everyNumberEqualsFairlearns(String attribute) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < applicants.size(); i++) {
            GermanCredit.Applicant a = applicants.get(i);
            outcomes.add(new Outcome(ATTRIBUTES.get(attribute).apply(a), approved[i], !a.bad()));
        }
        AttributeFairness steward = FairnessAnalysis.analyse(attribute, outcomes);
        JsonNode expected = fairlearn.get(attribute);

        assertThat(steward.referenceGroup()).isEqualTo(expected.get("reference").asString());
        assertThat(steward.groups()).extracting(GroupMetrics::group)
                .containsExactlyInAnyOrderElementsOf(expected.get("groups").propertyNames());
        for (GroupMetrics g : steward.groups()) {
            JsonNode e = expected.get("groups").get(g.group());
            assertThat(g.count()).as(g.group()).isEqualTo(e.get("count").asLong());
            close(g.group(), "selection_rate", g.selectionRate(), e);
            close(g.group(), "true_positive_rate", g.truePositiveRate(), e);
            close(g.group(), "false_positive_rate", g.falsePositiveRate(), e);
            close(g.group(), "false_negative_rate", g.falseNegativeRate(), e);
            close(g.group(), "base_rate", g.baseRate(), e);
            close(g.group(), "disparate_impact", g.disparateImpact(), e);
            close(g.group(), "statistical_parity_difference", g.statisticalParityDifference(), e);
            close(g.group(), "equal_opportunity_difference", g.equalOpportunityDifference(), e);
            close(g.group(), "average_odds_difference", g.averageOddsDifference(), e);
            close(g.group(), "base_rate_ratio", g.baseRateRatio(), e);
            close(g.group(), "base_rate_difference", g.baseRateDifference(), e);
        }
        close(attribute, "demographic_parity_difference", steward.demographicParityDifference(), expected);
        close(attribute, "demographic_parity_ratio", steward.demographicParityRatio(), expected);
        close(attribute, "equal_opportunity_difference", steward.equalOpportunityDifference(), expected);
        close(attribute, "equal_opportunity_ratio", steward.equalOpportunityRatio(), expected);
        close(attribute, "equalized_odds_difference", steward.equalizedOddsDifference(), expected);
        close(attribute, "equalized_odds_ratio", steward.equalizedOddsRatio(), expected);
        close(attribute, "base_rate_difference", steward.baseRateDifference(), expected);
        close(attribute, "base_rate_ratio", steward.baseRateRatio(), expected);
        System.out.printf("fairness %s: reference %s, min disparate impact %.4f, flagged %s%n", attribute,
                steward.referenceGroup(), steward.minimumDisparateImpact(), steward.flaggedGroups());
    }

    private static void close(String where, String metric, double actual, JsonNode expected) {
        assertThat(actual).as("%s %s", where, metric).isCloseTo(expected.get(metric).asDouble(), within(TOLERANCE));
    }
}
