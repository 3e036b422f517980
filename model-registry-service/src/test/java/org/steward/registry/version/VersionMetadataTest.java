package org.steward.registry.version;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VersionMetadataTest {

    @Test
    void completeMetadataHasNoProblemsAndAnyCaseOfTheFormat() {
        VersionMetadata metadata = new VersionMetadata("XGBOOST_JSON", "first", Fixtures.signature(),
                Fixtures.json("{\"auc\": 0.78}"), null, Fixtures.completeLineage(), Fixtures.SHA_A);
        assertThat(metadata.problems()).isEmpty();
        assertThat(metadata.artifactFormat()).isEqualTo(ArtifactFormat.XGBOOST_JSON);
        assertThat(metadata.params().isObject()).isTrue();
    }

    @Test
    void minimalMetadataIsAcceptedWithoutLineage() {
        VersionMetadata metadata = new VersionMetadata("onnx", null, new InputSignature(null, null,
                List.of(new InputField("x", FieldType.NUMBER))), null, null, null, null);
        assertThat(metadata.problems()).isEmpty();
        assertThat(metadata.lineage()).isEqualTo(Lineage.none());
    }

    @Test
    void reportsEveryMalformedPartWithItsPath() {
        Lineage bad = new Lineage(new Lineage.TrainingSet("ts", "not-a-hash"), List.of("customer_profile"), null,
                new Lineage.Windows(new Lineage.Window("2020-01-01", "2021-12-31"), new Lineage.Window("2022-02-01", "2022-01-01"),
                        new Lineage.Window("2021-06-01", "yesterday")),
                new Lineage.Code("HEAD", false), Map.of("numpy", " "), null, Fixtures.json("[1]"));
        VersionMetadata metadata = new VersionMetadata("pickle", null,
                new InputSignature("credit_scoring", List.of(), List.of(new InputField("a", FieldType.NUMBER),
                        new InputField("a", FieldType.STRING), new InputField("b", null))),
                Fixtures.json("[1]"), null, bad, "ABC");

        assertThat(metadata.problems()).containsExactly(
                "format must be one of onnx, xgboost_json, scorecard_json, not 'pickle'",
                "inputSignature.featureService must name a pinned feature service as name@version, e.g. credit_scoring@2, not 'credit_scoring'",
                "inputSignature.fields[1]: 'a' is listed twice",
                "inputSignature.fields[2] needs a name and a type (number, string or boolean)",
                "metrics must be an object of named results",
                "lineage.trainingSet.sha256 must be 64 lower-case hex digits, not 'not-a-hash'",
                "lineage.featureViews[0] must pin a view as name@version, e.g. customer_profile@2, not 'customer_profile'",
                "lineage.windows.validation.from (2022-02-01) must be before its to (2022-01-01)",
                "lineage.windows.outOfTime needs from and to as ISO dates (2024-01-31) or instants (2024-01-31T00:00:00Z), not '2021-06-01' and 'yesterday'",
                "lineage.windows.outOfTime must start at or after the end of the train window (2021-12-31), not at 2021-06-01",
                "lineage.windows.outOfTime must start at or after the end of the validation window (2022-01-01), not at 2021-06-01",
                "lineage.code.gitCommit must be a commit id (7-64 lower-case hex digits), not 'HEAD'",
                "lineage.environment must map each dependency to its version; 'numpy' has ' '",
                "lineage.pipelineSpec must be the spec's text (YAML or JSON) or a JSON object",
                "artifactSha256 must be 64 lower-case hex digits, not 'ABC'");
    }

    @Test
    void windowsAcceptInstantsAsWellAsDates() {
        Lineage lineage = new Lineage(null, null, null, new Lineage.Windows(
                new Lineage.Window("2020-01-01T00:00:00Z", "2021-01-01T00:00:00+01:00"), null,
                new Lineage.Window("2021-01-01", "2021-06-30")), null, null, null, null);
        assertThat(lineage.problems()).isEmpty();
        assertThat(new VersionMetadata(null, null, null, null, null, null, null).problems())
                .containsExactly("format is required: onnx, xgboost_json or scorecard_json",
                        "inputSignature is required: the model's inputs in model order, each with a name and a type");
    }
}
