package org.steward.registry.version;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VersionComparisonTest {

    @Test
    void putsMetricsSideBySideWithDeltasAndListsWhatDiffers() {
        Lineage lineageA = Fixtures.completeLineage();
        Lineage lineageB = new Lineage(new Lineage.TrainingSet("ts-2024-07", lineageA.trainingSet().sha256()),
                lineageA.featureViews(), lineageA.label(), lineageA.windows(),
                new Lineage.Code("fedcba9", true), lineageA.environment(), lineageA.seeds(), lineageA.pipelineSpec());
        ModelVersion a = Fixtures.version(1, Fixtures.SHA_A,
                Fixtures.json("{\"auc\": 0.75, \"gini\": 0.5, \"calibration\": [{\"band\": 1, \"observed\": 0.02}], \"note\": \"x\"}"),
                Fixtures.json("{\"maxDepth\": 4, \"eta\": 0.1}"), lineageA);
        ModelVersion b = Fixtures.version(2, Fixtures.SHA_B,
                Fixtures.json("{\"auc\": 0.8, \"gini\": 0.6, \"calibration\": [{\"band\": 1, \"observed\": 0.03}], \"ks\": 0.4}"),
                Fixtures.json("{\"maxDepth\": 6, \"eta\": 0.1, \"rounds\": 500}"), lineageB);

        VersionComparison comparison = VersionComparison.of(a, Fixtures.JSON.valueToTree(lineageA), b,
                Fixtures.JSON.valueToTree(lineageB));

        assertThat(comparison.sameArtifact()).isFalse();
        assertThat(comparison.a().version()).isEqualTo(1);
        assertThat(comparison.metrics()).extracting(VersionComparison.Metric::name)
                .containsExactly("auc", "calibration[0].band", "calibration[0].observed", "gini", "ks", "note");
        assertThat(comparison.metrics().getFirst().delta()).isCloseTo(0.05, within(1e-12));
        assertThat(comparison.metrics().get(1).delta()).isZero();
        assertThat(comparison.metrics().get(4).a()).isNull();
        assertThat(comparison.metrics().get(4).delta()).isNull();
        assertThat(comparison.metrics().get(5).delta()).as("not a number").isNull();
        assertThat(comparison.params()).extracting(VersionComparison.Difference::path).containsExactly("maxDepth", "rounds");
        assertThat(comparison.lineage()).extracting(VersionComparison.Difference::path)
                .containsExactly("code.dirty", "code.gitCommit", "trainingSet.id");
        assertThat(comparison.lineage().get(2).b().asString()).isEqualTo("ts-2024-07");
    }

    @Test
    void theSameBytesAndLineageShowNoDifference() {
        ModelVersion a = Fixtures.version(1, Fixtures.SHA_A, Fixtures.json("{\"auc\": 0.75}"), Fixtures.json("{}"),
                Fixtures.completeLineage());
        ModelVersion b = Fixtures.version(2, Fixtures.SHA_A, Fixtures.json("{\"auc\": 0.75}"), Fixtures.json("{}"),
                Fixtures.completeLineage());
        JsonNode tree = Fixtures.JSON.valueToTree(Fixtures.completeLineage());

        VersionComparison comparison = VersionComparison.of(a, tree, b, tree);

        assertThat(comparison.sameArtifact()).isTrue();
        assertThat(comparison.params()).isEmpty();
        assertThat(comparison.lineage()).isEmpty();
        assertThat(comparison.metrics()).singleElement().extracting(VersionComparison.Metric::delta).isEqualTo(0.0);
    }
}
