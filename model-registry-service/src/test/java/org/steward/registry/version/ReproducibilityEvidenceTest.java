package org.steward.registry.version;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducibilityEvidenceTest {

    @Test
    void aPipelineVersionHasEveryPieceOfEvidence() {
        ReproducibilityEvidence evidence = ReproducibilityEvidence.of(Fixtures.completeLineage());

        assertThat(evidence.complete()).isTrue();
        assertThat(evidence.missing()).isEmpty();
        assertThat(evidence.present()).extracting(ReproducibilityEvidence.Item::evidence).containsExactly("training-set",
                "feature-views", "label", "time-windows", "code-version", "environment", "seeds", "pipeline-spec");
        assertThat(evidence.present().getFirst().detail()).contains("ts-2024-06").contains("c".repeat(64));
    }

    @Test
    void aNotebookVersionWithoutLineageLacksAllOfIt() {
        ReproducibilityEvidence evidence = ReproducibilityEvidence.of(Lineage.none());

        assertThat(evidence.complete()).isFalse();
        assertThat(evidence.present()).isEmpty();
        assertThat(evidence.missing()).extracting(ReproducibilityEvidence.Item::evidence).containsExactly("training-set",
                "feature-views", "label", "time-windows", "code-version", "environment", "seeds", "pipeline-spec");
    }

    @Test
    void namesExactlyWhatIsLacking() {
        Lineage full = Fixtures.completeLineage();
        Lineage partial = new Lineage(new Lineage.TrainingSet("ts-1", null), full.featureViews(), full.label(),
                new Lineage.Windows(full.windows().train(), full.windows().validation(), null),
                new Lineage.Code("abcdef1", true), null, null, full.pipelineSpec());

        ReproducibilityEvidence evidence = ReproducibilityEvidence.of(partial);

        assertThat(evidence.present()).extracting(ReproducibilityEvidence.Item::evidence)
                .containsExactly("feature-views", "label", "pipeline-spec");
        assertThat(evidence.missing()).extracting(ReproducibilityEvidence.Item::detail).containsExactly(
                "training-set snapshot ts-1 has no hash: the data cannot be proven to be the data the model learned from",
                "no out-of-time window: the split cannot be repeated and out-of-time performance cannot be checked",
                "the code had uncommitted changes (dirty): commit abcdef1 does not contain the code that trained the model",
                "no environment: the dependency versions that trained the model are unknown",
                "no seeds: random choices (splits, sampling, initialisation) cannot be replayed");
    }

    @Test
    void aCommitWithoutTheDirtyFlagIsNotEvidence() {
        Lineage full = Fixtures.completeLineage();
        Lineage unknownDirty = new Lineage(full.trainingSet(), full.featureViews(), full.label(), full.windows(),
                new Lineage.Code("abcdef1", null), full.environment(), full.seeds(), full.pipelineSpec());

        assertThat(ReproducibilityEvidence.of(unknownDirty).missing()).singleElement()
                .extracting(ReproducibilityEvidence.Item::detail).asString().contains("without the dirty flag");
    }

    @Test
    void anIdenticalRerunIsPresentEvidenceWithItsDayAndWho() {
        ReproducibilityEvidence evidence = ReproducibilityEvidence.of(Fixtures.completeLineage(),
                new ReproducibilityEvidence.Reproduced(true, Instant.parse("2026-03-04T23:59:00Z"), "vera", List.of()));

        assertThat(evidence.complete()).isTrue();
        assertThat(evidence.present()).last().isEqualTo(new ReproducibilityEvidence.Item("reproduced",
                "rerun by vera on 2026-03-04: identical artifact"));
    }

    @Test
    void aDifferingRerunIsMissingEvidenceNamingWhatDiffered() {
        ReproducibilityEvidence evidence = ReproducibilityEvidence.of(Fixtures.completeLineage(),
                new ReproducibilityEvidence.Reproduced(false, Instant.parse("2026-03-05T08:00:00Z"), "vera",
                        List.of("data", "artifact")));

        assertThat(evidence.complete()).isFalse();
        assertThat(evidence.present()).extracting(ReproducibilityEvidence.Item::evidence).doesNotContain("reproduced");
        assertThat(evidence.missing()).singleElement().isEqualTo(new ReproducibilityEvidence.Item("reproduced",
                "the latest rerun, by vera on 2026-03-05, differed (data, artifact): the version did not rebuild to its artifact"));
    }
}
