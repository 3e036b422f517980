package org.steward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An XGBoost model trained here with XGBoost4J scores through the runtime exactly as the booster predicts. */
class XGBoostModelTest {

    private static GermanCredit credit;
    private static DMatrix data;
    private static Booster booster;
    private static byte[] json;

    @BeforeAll
    static void train() throws Exception {
        credit = GermanCredit.load();
        data = new DMatrix(credit.matrix(), credit.rows().size(), GermanCredit.NUMERIC.size(), Float.NaN);
        data.setLabel(credit.labels());
        data.setFeatureNames(GermanCredit.NUMERIC.toArray(String[]::new));
        Map<String, Object> params = Map.of(
                "objective", "binary:logistic", "max_depth", 3, "eta", 0.1, "seed", 7, "nthread", 1);
        booster = XGBoost.train(data, params, 60, Map.of(), null, null);
        json = booster.toByteArray("json");
    }

    @AfterAll
    static void release() {
        booster.dispose();
        data.dispose();
    }

    private static ScoringModel load(byte[] bytes, InputSignature signature) {
        return ModelLoader.load(bytes, Artifacts.sha256(bytes), ModelFormat.XGBOOST_JSON, signature);
    }

    @Test
    void probabilitiesAndMarginsEqualTheBoostersOwn() throws Exception {
        float[][] probabilities = booster.predict(data);
        float[][] margins = booster.predict(data, true);

        try (ScoringModel model = load(json, GermanCredit.SIGNATURE)) {
            List<Score> scores = model.score(credit.rows());

            assertThat(scores).hasSize(credit.rows().size());
            for (int i = 0; i < scores.size(); i++) {
                assertThat(scores.get(i).probability()).isCloseTo(probabilities[i][0], within(1e-6));
                assertThat(scores.get(i).margin()).isCloseTo(margins[i][0], within(1e-6));
            }
            assertThat(model.score(credit.rows().get(17))).isEqualTo(scores.get(17));
            assertThat(model.format()).isEqualTo(ModelFormat.XGBOOST_JSON);
            assertThat(model.sha256()).isEqualTo(Artifacts.sha256(json));
        }
    }

    @Test
    void loadsTheFileTheBoosterSaved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        booster.saveModel(file.toString());
        byte[] saved = Files.readAllBytes(file);

        try (ScoringModel model = ModelLoader.load(file, Artifacts.sha256(saved), ModelFormat.XGBOOST_JSON,
                GermanCredit.SIGNATURE)) {
            assertThat(model.score(credit.rows().getFirst()).margin())
                    .isCloseTo(booster.predict(data, true)[0][0], within(1e-6));
        }
    }

    @Test
    void missingInputsAreXGBoostsNativeMissingValue() throws Exception {
        Map<String, Object> row = new HashMap<>(credit.rows().getFirst());
        row.put("credit_amount", null);
        row.remove("age_in_years");
        float[] withNaN = credit.matrix();
        withNaN[GermanCredit.NUMERIC.indexOf("credit_amount")] = Float.NaN;
        withNaN[GermanCredit.NUMERIC.indexOf("age_in_years")] = Float.NaN;
        var first = new DMatrix(Arrays.copyOf(withNaN, GermanCredit.NUMERIC.size()), 1,
                GermanCredit.NUMERIC.size(), Float.NaN);

        try (ScoringModel model = load(json, GermanCredit.SIGNATURE)) {
            assertThat(model.score(row).margin()).isCloseTo(booster.predict(first, true)[0][0], within(1e-6));
        } finally {
            first.dispose();
        }
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        Map<String, Object> row = new HashMap<>(credit.rows().getFirst());
        row.put("age_in_years", "forty");

        try (ScoringModel model = load(json, GermanCredit.SIGNATURE)) {
            assertThatThrownBy(() -> model.score(row))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("age_in_years");
        }
    }

    @Test
    void aSignatureThatDisagreesWithTheModelIsRefused() {
        var reordered = new ArrayList<>(GermanCredit.SIGNATURE.fields());
        reordered.addFirst(reordered.removeLast());
        var shorter = new InputSignature(GermanCredit.SIGNATURE.fields().subList(0, 6));
        var withString = new ArrayList<>(GermanCredit.SIGNATURE.fields());
        withString.set(0, new InputField("duration_in_month", FieldType.STRING));

        assertThatThrownBy(() -> load(json, new InputSignature(reordered)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("feature names");
        assertThatThrownBy(() -> load(json, shorter))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("7 features");
        assertThatThrownBy(() -> load(json, new InputSignature(withString)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("duration_in_month");
    }

    @Test
    void aModelThatIsNotABinaryClassifierIsRefused() throws Exception {
        Booster regression = XGBoost.train(data, Map.of("objective", "reg:squarederror", "nthread", 1), 2, Map.of(),
                null, null);
        byte[] regressionJson = regression.toByteArray("json");
        regression.dispose();

        assertThatThrownBy(() -> load(regressionJson, GermanCredit.SIGNATURE))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("reg:squarederror");
    }

    @Test
    void onlyTheJsonFormatIsAccepted() throws Exception {
        byte[] ubj = booster.toByteArray("ubj");

        assertThatThrownBy(() -> load(ubj, GermanCredit.SIGNATURE))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not XGBoost JSON");
    }

    @Test
    void concurrentScoringGivesTheSameAnswers() throws Exception {
        try (ScoringModel model = load(json, GermanCredit.SIGNATURE);
             var pool = Executors.newFixedThreadPool(4)) {
            List<Score> expected = model.score(credit.rows());
            var results = new ArrayList<Future<List<Score>>>();
            for (int t = 0; t < 8; t++) {
                Callable<List<Score>> task = () -> credit.rows().stream().map(model::score).toList();
                results.add(pool.submit(task));
            }
            for (Future<List<Score>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        }
    }
}
