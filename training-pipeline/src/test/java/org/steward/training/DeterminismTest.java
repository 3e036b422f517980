package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.steward.runtime.Artifacts;

/** The point of the pipeline: the same spec and the same snapshot bytes give the same artifact bytes, every time. */
class DeterminismTest {

    @Test
    void trainingTheScorecardTwiceGivesIdenticalBytes() {
        assertIdenticalTwice("scorecard.yaml");
    }

    @Test
    void trainingXGBoostTwiceGivesIdenticalBytes() {
        assertIdenticalTwice("xgboost.yaml");
    }

    private static void assertIdenticalTwice(String specFile) {
        PipelineSpec spec = PipelineSpec.parse(ExampleData.spec(specFile));
        ModelTrainer.Trained first = ModelTrainer.train(spec, ExampleData.snapshot(), new Steps(Progress.NONE));
        ModelTrainer.Trained second = ModelTrainer.train(spec, ExampleData.snapshot(), new Steps(Progress.NONE));
        assertThat(second.fitted().artifact()).isEqualTo(first.fitted().artifact());
        assertThat(second.artifactSha256()).isEqualTo(first.artifactSha256()).isEqualTo(Artifacts.sha256(first.fitted().artifact()));
        assertThat(second.profileSha256()).isEqualTo(first.profileSha256());
        assertThat(second.params()).isEqualTo(first.params());
        assertThat(second.metrics()).isEqualTo(first.metrics());
    }
}
