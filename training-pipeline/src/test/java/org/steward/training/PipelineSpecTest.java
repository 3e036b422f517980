package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The spec: the examples parse as documented, defaults resolve per feature, and mistakes are refused by path. */
class PipelineSpecTest {

    private static final String MINIMAL = """
            model: m
            featureService: svc@2
            label: {column: bad, definition: 90+ days past due in 12 months}
            windows:
              train: {from: 2023-01-01, to: 2024-01-01}
              validation: {from: 2024-01-01, to: 2024-04-01}
              outOfTime: {from: 2024-04-01, to: 2024-07-01}
            features: [x]
            estimator: {type: scorecard}
            evaluation: {policyCutoff: 0.3, bootstrap: 0}
            """;

    @Test
    void theScorecardExampleParsesWithItsDefaultsAndOverrides() {
        PipelineSpec spec = PipelineSpec.parse(ExampleData.spec("scorecard.yaml"));

        assertThat(spec.model()).isEqualTo("german-credit-scorecard");
        assertThat(spec.featureServiceRef()).isEqualTo("german_credit_scorecard@1");
        assertThat(spec.entityRows()).isEqualTo("data/applications.csv");
        assertThat(spec.windows().validation()).isEqualTo(new PipelineSpec.Window(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 9, 1)));
        assertThat(spec.estimator()).isEqualTo(new PipelineSpec.Scorecard(25, 1e-10, 600, 50, 20));
        assertThat(spec.seeds()).containsEntry("bootstrap", 20240901L);

        PipelineSpec.FeaturePlan duration = spec.plan("duration_in_month", true);
        assertThat(duration.impute().method()).isEqualTo(PipelineSpec.ImputeMethod.MEDIAN);
        assertThat(duration.cap()).isEqualTo(new PipelineSpec.Cap(1, 99));
        assertThat(duration.binning()).isEqualTo(new PipelineSpec.Binning(10, 0.05, true));
        assertThat(spec.plan("installment_rate", true).binning())
                .as("a partial override keeps the other defaults").isEqualTo(new PipelineSpec.Binning(4, 0.05, true));
        PipelineSpec.FeaturePlan purpose = spec.plan("purpose", false);
        assertThat(purpose.impute().method()).isEqualTo(PipelineSpec.ImputeMethod.MODE);
        assertThat(purpose.cap()).isNull();
    }

    @Test
    void theXGBoostExampleParsesWithItsParamsSortedAndItsSeed() {
        PipelineSpec spec = PipelineSpec.parse(ExampleData.spec("xgboost.yaml"));

        PipelineSpec.XGBoost xgboost = (PipelineSpec.XGBoost) spec.estimator();
        assertThat(List.copyOf(xgboost.params().keySet())).isSorted().contains("max_depth", "subsample");
        assertThat(spec.seeds()).containsEntry("xgboost", 42L);
        assertThat(spec.preprocessing().oneHot()).isEqualTo(new PipelineSpec.OneHot(0.01));
        assertThat(spec.plan("credit_amount", true).binning()).isNull();
    }

    @Test
    void aMinimalSpecTakesTheDocumentedDefaults() {
        PipelineSpec spec = PipelineSpec.parse(MINIMAL);

        assertThat(spec.label().source()).isEqualTo("column 'bad' of the entity rows");
        assertThat(spec.evaluation().scoreBands()).containsExactly(0.02, 0.05, 0.1, 0.2, 0.3, 0.5);
        PipelineSpec.FeaturePlan x = spec.plan("x", true);
        assertThat(x.impute()).isEqualTo(PipelineSpec.Impute.NONE);
        assertThat(x.cap()).isNull();
        assertThat(spec.text()).isEqualTo(MINIMAL);
    }

    @Test
    void aFeatureCanSwitchOffADefaultCapAndImputeAConstant() {
        PipelineSpec spec = PipelineSpec.parse(MINIMAL.replace("features: [x]", """
                preprocessing: {numeric: {impute: median, cap: [5, 95]}}
                features:
                  - {name: x, cap: none, impute: {constant: -1}}
                  - y
                """));
        assertThat(spec.plan("x", true).cap()).isNull();
        assertThat(spec.plan("x", true).impute()).isEqualTo(new PipelineSpec.Impute(PipelineSpec.ImputeMethod.CONSTANT, -1.0));
        assertThat(spec.plan("y", true).cap()).isEqualTo(new PipelineSpec.Cap(5, 95));
    }

    @Test
    void mistakesAreRefusedWithTheirPath() {
        List.of(
                new String[] {MINIMAL.replace("model: m", "model: m\nmodle: n"), "spec has an unknown field 'modle'"},
                new String[] {MINIMAL.replace("svc@2", "svc"), "spec.featureService must pin"},
                new String[] {MINIMAL.replace("to: 2024-04-01}\n  outOfTime: {from: 2024-04-01", "to: 2024-05-01}\n  outOfTime: {from: 2024-04-01"),
                        "must follow each other in time"},
                new String[] {MINIMAL.replace("{type: scorecard}", "{type: forest}"), "spec.estimator.type must be scorecard or xgboost"},
                new String[] {MINIMAL.replace("{type: scorecard}", "{type: xgboost, rounds: 10}"), "spec.seeds.xgboost is required"},
                new String[] {MINIMAL.replace("{type: scorecard}", "{type: xgboost, rounds: 10, params: {nthread: 4}}")
                        + "seeds: {xgboost: 1}\n", "spec.estimator.params.nthread is set by the pipeline"},
                new String[] {MINIMAL.replace("features: [x]", "features: [x, {name: x}]"), "feature 'x' is listed twice"},
                new String[] {MINIMAL.replace("features: [x]", "features: [{name: x, cap: [99, 1]}]"), "spec.features[0].cap needs"},
                new String[] {MINIMAL.replace("features: [x]", "features: [{name: x, impute: mean}]"), "must be median, mode, none"},
                new String[] {MINIMAL.replace("policyCutoff: 0.3, bootstrap: 0", "policyCutoff: 0.3"), "spec.seeds.bootstrap is required"},
                new String[] {MINIMAL.replace("{policyCutoff: 0.3, bootstrap: 0}", "{policyCutoff: 0.3, bootstrap: 0, scoreBands: [0.5, 0.2]}"),
                        "scoreBands must be increasing"},
                new String[] {MINIMAL.replace("features: [x]", "preprocessing: {oneHot: {minCategoryShare: 0.1}}\nfeatures: [x]"),
                        "applies to the xgboost estimator only"},
                new String[] {"model: [", "not valid YAML"}
        ).forEach(c -> assertThatThrownBy(() -> PipelineSpec.parse(c[0])).as(c[1])
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.kind()).isEqualTo(PipelineException.Kind.SPEC))
                .hasMessageContaining(c[1]));
    }
}
