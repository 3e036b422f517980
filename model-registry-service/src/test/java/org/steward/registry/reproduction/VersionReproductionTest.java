package org.steward.registry.reproduction;

import org.junit.jupiter.api.Test;
import org.steward.registry.version.ArtifactFormat;
import org.steward.registry.version.Lineage;
import org.steward.registry.version.ModelVersion;
import org.steward.registry.version.VersionStatus;
import org.steward.training.Reproduction;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionReproductionTest {

    private static final String RECORDED = "a".repeat(64);
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

    private static VersionReproduction queued() {
        ModelVersion version = new ModelVersion("credit", 3, VersionStatus.DEV, List.of(), ArtifactFormat.SCORECARD_JSON,
                RECORDED, 10, null, null, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(),
                Lineage.none(), "d".repeat(64), T0, "dana", T0);
        return VersionReproduction.queued(version, true, "vera", T0);
    }

    private static Reproduction result(String reproduced, List<Reproduction.Difference> differences) {
        return new Reproduction("credit", 3, RECORDED, reproduced, differences, List.of("a note"),
                List.of(new org.steward.training.Step("fit", "IRLS in 6 iterations", Duration.ofMillis(120))));
    }

    @Test
    void aQueuedRequestRecordsWhoAskedForWhichArtifact() {
        VersionReproduction queued = queued();

        assertThat(queued.status()).isEqualTo(ReproductionStatus.QUEUED);
        assertThat(queued.requestedBy()).isEqualTo("vera");
        assertThat(queued.recordedArtifactSha256()).isEqualTo(RECORDED);
        assertThat(queued.verdict()).isNull();
        assertThat(queued.path()).isEqualTo("/api/v1/models/credit/versions/3/reproductions/" + queued.id());
    }

    @Test
    void theSameBytesWithNothingElseDifferentIsIdentical() {
        VersionReproduction done = queued().running(T0.plusSeconds(1)).succeeded(result(RECORDED, List.of()),
                T0.plusSeconds(9));

        assertThat(done.status()).isEqualTo(ReproductionStatus.SUCCEEDED);
        assertThat(done.verdict()).isEqualTo(Verdict.IDENTICAL);
        assertThat(done.reproducedArtifactSha256()).isEqualTo(RECORDED);
        assertThat(done.notes()).containsExactly("a note");
        assertThat(done.steps()).containsExactly(new VersionReproduction.Step("fit", "IRLS in 6 iterations", 120));
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void anyDifferenceDiffersEvenWithTheSameBytesAndKeepsThePipelinesReport() {
        List<Reproduction.Difference> differences = List.of(new Reproduction.Difference(Reproduction.Kind.DATA,
                "training set rebuilt from the feature store's current sources", "b".repeat(64), "c".repeat(64)));

        VersionReproduction done = queued().running(T0).succeeded(result(RECORDED, differences), T0);

        assertThat(done.verdict()).isEqualTo(Verdict.DIFFERS);
        assertThat(done.differences()).isEqualTo(differences);
        assertThat(queued().running(T0).succeeded(result("e".repeat(64), List.of(new Reproduction.Difference(
                Reproduction.Kind.ARTIFACT, "artifact SHA-256", RECORDED, "e".repeat(64)))), T0).verdict())
                .isEqualTo(Verdict.DIFFERS);
    }

    @Test
    void itMovesOnlyForward() {
        VersionReproduction queued = queued();
        VersionReproduction failed = queued.failed("the feature store answered 403", T0);

        assertThat(failed.status()).isEqualTo(ReproductionStatus.FAILED);
        assertThat(failed.failure()).isEqualTo("the feature store answered 403");
        assertThatThrownBy(() -> queued.succeeded(result(RECORDED, List.of()), T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failed.running(T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failed.failed("again", T0)).isInstanceOf(IllegalStateException.class);
        VersionReproduction done = queued.running(T0).succeeded(result(RECORDED, List.of()), T0);
        assertThatThrownBy(() -> done.failed("late", T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRerunOfAnotherArtifactIsNotThisVersionsVerdict() {
        Reproduction other = new Reproduction("credit", 3, "f".repeat(64), "f".repeat(64), List.of(), List.of(), List.of());

        assertThatThrownBy(() -> queued().running(T0).succeeded(other, T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
