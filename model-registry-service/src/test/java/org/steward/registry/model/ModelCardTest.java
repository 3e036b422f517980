package org.steward.registry.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.steward.registry.model.Decision.APPROVE;
import static org.steward.registry.model.Decision.DECLINE;
import static org.steward.registry.model.Decision.REFER;

class ModelCardTest {

    static DecisionPolicy policy(Object... upToThenDecision) {
        List<DecisionPolicy.CutOff> cutOffs = new ArrayList<>();
        for (int i = 0; i < upToThenDecision.length; i += 2) {
            cutOffs.add(new DecisionPolicy.CutOff(((Number) upToThenDecision[i]).doubleValue(), (Decision) upToThenDecision[i + 1]));
        }
        return new DecisionPolicy(cutOffs);
    }

    @Test
    void aPolicyDecidesByTheFirstCutOffAtOrAboveTheProbability() {
        DecisionPolicy policy = policy(0.08, APPROVE, 0.2, REFER, 1, DECLINE);
        assertThat(policy.problems()).isEmpty();
        assertThat(policy.decide(0)).isEqualTo(APPROVE);
        assertThat(policy.decide(0.08)).isEqualTo(APPROVE);
        assertThat(policy.decide(0.0800001)).isEqualTo(REFER);
        assertThat(policy.decide(0.2)).isEqualTo(REFER);
        assertThat(policy.decide(0.5)).isEqualTo(DECLINE);
        assertThat(policy.decide(1)).isEqualTo(DECLINE);
        assertThatIllegalArgumentException().isThrownBy(() -> policy.decide(1.01));
        assertThat(policy(1, DECLINE).problems()).as("a single band is a policy").isEmpty();
    }

    @Test
    void aPolicyMustAscendStayWithinZeroAndOneAndCoverTheRange() {
        assertThat(policy(0.3, APPROVE, 0.2, REFER, 1, DECLINE).problems())
                .containsExactly("cutOffs[1].upTo (0.2) must be greater than cutOffs[0].upTo (0.3): cut-offs ascend");
        assertThat(policy(0.1, APPROVE, 0.1, REFER, 1, DECLINE).problems()).singleElement().asString().contains("ascend");
        assertThat(policy(-0.1, APPROVE, 1.5, DECLINE).problems()).containsExactly(
                "cutOffs[0].upTo must be a probability within [0, 1], not -0.1",
                "cutOffs[1].upTo must be a probability within [0, 1], not 1.5",
                "the last cut-off must have upTo 1 so that every probability gets a decision, not 1.5");
        assertThat(policy(0.1, APPROVE, 0.9, DECLINE).problems())
                .containsExactly("the last cut-off must have upTo 1 so that every probability gets a decision, not 0.9");
        assertThat(new DecisionPolicy(List.of()).problems()).singleElement().asString().contains("at least one");
        assertThat(new DecisionPolicy(Arrays.asList(new DecisionPolicy.CutOff(null, APPROVE), null)).problems())
                .hasSize(2).allMatch(p -> p.contains("needs an upTo"));
    }

    @Test
    void decisionsOnlyGetStricterAsRiskRises() {
        assertThat(policy(0.1, REFER, 0.5, APPROVE, 1, DECLINE).problems()).singleElement().asString()
                .contains("cutOffs[1] gives 'approve' to riskier applicants than cutOffs[0], which gives 'refer'");
        assertThat(policy(0.1, APPROVE, 0.5, APPROVE, 1, DECLINE).problems()).isEmpty();
    }

    @Test
    void aCompleteCardHasNoProblems() {
        ModelCard card = new ModelCard("Scorecard for consumer loans", "Retail consumer loans up to 20,000 EUR",
                "Not for SME or mortgage lending", List.of("age", "personal_status_sex"), policy(0.1, APPROVE, 0.3, REFER, 1, DECLINE),
                Map.of("checking_account", "Status of existing checking account", "duration", "Duration of the credit"),
                List.of(new KpiDefinition("approval_rate", KpiKind.APPROVAL_RATE, Map.of("min", 0.5)),
                        new KpiDefinition("expected_loss", KpiKind.EXPECTED_LOSS, Map.of("lgd", 0.45, "exposure", "credit_amount"))));
        assertThat(card.problems()).isEmpty();
        assertThat(card.reasonCodes().keySet()).as("kept in a stable order").containsExactly("checking_account", "duration");
    }

    @Test
    void aProtectedAttributeCanNeverBeAReasonForADecision() {
        ModelCard card = new ModelCard(null, null, null, List.of("age", "age", " "), null,
                Map.of("age", "Age of the applicant", "duration", " "), null);
        assertThat(card.problems()).containsExactlyInAnyOrder(
                "protectedAttributes lists 'age' twice",
                "protectedAttributes[2] must be an input name without spaces, not ' '",
                "reasonCodes.age: 'age' is a protected attribute, which may never be given as the reason for a decision",
                "reasonCodes.duration needs the reason a customer is told");
    }

    @Test
    void kpisNeedTheParametersTheirKindIsComputedFrom() {
        ModelCard card = new ModelCard(null, null, null, null, null, null, List.of(
                new KpiDefinition("loss", KpiKind.EXPECTED_LOSS, Map.of("lgd", 1.2)),
                new KpiDefinition("capture", KpiKind.FRAUD_CAPTURE_AT_VOLUME, Map.of("alertRate", 0)),
                new KpiDefinition("capture", KpiKind.AML_HIT_RATE, null),
                new KpiDefinition("Bad Name", null, null)));
        assertThat(card.problems()).containsExactly(
                "kpis[0].params.lgd is required for expected_loss and must lie within [0, 1], not 1.2",
                "kpis[0].params.exposure is required for expected_loss: the input holding the exposure at default",
                "kpis[1].params.alertRate is required for fraud_capture_at_volume and must lie within (0, 1], not 0",
                "kpis[2].name 'capture' is used by another KPI",
                "kpis[3].name must be 1-63 lower-case letters, digits or underscores, starting with a letter (got 'Bad Name')",
                "kpis[3].kind is required");
    }

    @Test
    void codesAreLowerCaseOnTheWireAndReadInAnyCase() {
        assertThat(KpiKind.fromCode("Fraud_Capture_At_Volume")).isEqualTo(KpiKind.FRAUD_CAPTURE_AT_VOLUME);
        assertThat(KpiKind.BAD_RATE_AMONG_APPROVED.code()).isEqualTo("bad_rate_among_approved");
        assertThatIllegalArgumentException().isThrownBy(() -> UseCase.fromCode("lending"))
                .withMessage("useCase must be one of credit, fraud, aml, propensity, other, not 'lending'");
    }
}
