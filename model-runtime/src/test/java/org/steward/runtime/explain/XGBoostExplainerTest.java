package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.steward.runtime.Artifacts;
import org.steward.runtime.GermanCredit;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;

/**
 * TreeSHAP over XGBoost models trained here with XGBoost4J, against XGBoost4J's own {@code predictContrib} and the
 * model's own margins, on every German credit row with a tenth of the values missing.
 */
class XGBoostExplainerTest {

    /** XGBoost computes margins and contributions in float32: this is how far its numbers are from exact ones. */
    private static final double FLOAT32 = 1e-5;

    private static List<Map<String, Object>> rows;
    private static DMatrix data;

    @BeforeAll
    static void data() throws Exception {
        GermanCredit credit = GermanCredit.load();
        float[] matrix = credit.matrix();
        var random = new Random(11);
        for (int i = 0; i < matrix.length; i++) {
            if (random.nextInt(10) == 0) {
                matrix[i] = Float.NaN;
            }
        }
        int width = GermanCredit.NUMERIC.size();
        rows = new ArrayList<>();
        for (int r = 0; r < credit.rows().size(); r++) {
            var row = new HashMap<String, Object>();
            for (int c = 0; c < width; c++) {
                float value = matrix[r * width + c];
                row.put(GermanCredit.NUMERIC.get(c), Float.isNaN(value) ? null : (Object) (double) value);
            }
            rows.add(row);
        }
        data = new DMatrix(matrix, credit.rows().size(), width, Float.NaN);
        data.setLabel(credit.labels());
    }

    @AfterAll
    static void release() {
        data.dispose();
    }

    private static byte[] train(Map<String, Object> parameters, int rounds) throws Exception {
        var all = new HashMap<String, Object>(Map.of("max_depth", 4, "eta", 0.1, "seed", 7, "nthread", 1));
        all.putAll(parameters);
        Booster booster = XGBoost.train(data, all, rounds, Map.of(), null, null);
        try {
            return booster.toByteArray("json");
        } finally {
            booster.dispose();
        }
    }

    private static ScoringModel load(byte[] json) {
        return ModelLoader.load(json, Artifacts.sha256(json), ModelFormat.XGBOOST_JSON, GermanCredit.SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary:logistic", "reg:logistic", "binary:logitraw"})
    void contributionsAddUpToTheMarginAndMatchXGBoostsOwn(String objective) throws Exception {
        byte[] json = train(Map.of("objective", objective, "base_score", 0.3), 120);
        Booster booster = XGBoost.loadModel(json);
        try (ScoringModel model = load(json)) {
            List<Explanation> explanations = Explainers.explainer(model).explain(rows);
            float[][] native_ = booster.predictContrib(data, 0);
            double nativeAdditivity = 0;

            for (int r = 0; r < rows.size(); r++) {
                Explanation explanation = explanations.get(r);
                assertThat(explanation.additivityError()).isLessThanOrEqualTo(1e-6);
                assertThat(explanation.margin()).isCloseTo(model.score(rows.get(r)).margin(), within(FLOAT32));
                double nativeSum = 0;
                for (int i = 0; i < GermanCredit.NUMERIC.size(); i++) {
                    assertThat(explanation.contributions().get(GermanCredit.NUMERIC.get(i)))
                            .isCloseTo(native_[r][i], within(FLOAT32));
                    nativeSum += native_[r][i];
                }
                int bias = GermanCredit.NUMERIC.size();
                assertThat(explanation.baseValue()).isCloseTo(native_[r][bias], within(FLOAT32));
                nativeAdditivity = Math.max(nativeAdditivity,
                        Math.abs(nativeSum + native_[r][bias] - model.score(rows.get(r)).margin()));
            }
            System.out.printf("XGBoost %s: our additivity error %.3g; XGBoost4J predictContrib's %.3g%n", objective,
                    explanations.stream().mapToDouble(Explanation::additivityError).max().orElseThrow(),
                    nativeAdditivity);
        } finally {
            booster.dispose();
        }
    }

    @Test
    void explanationsAreDeterministicAndThreadSafe() throws Exception {
        try (ScoringModel model = load(train(Map.of("objective", "binary:logistic"), 50))) {
            Explainer explainer = Explainers.explainer(model);
            List<Explanation> expected = explainer.explain(rows);
            List<List<Explanation>> concurrent = rows.parallelStream().map(row -> List.of(explainer.explain(row)))
                    .toList();

            for (int r = 0; r < rows.size(); r++) {
                assertThat(concurrent.get(r).getFirst()).isEqualTo(expected.get(r));
            }
        }
    }

    @Test
    void treesThatDoNotScoreLikeTheModelAreNeverUsedToExplainIt() throws Exception {
        byte[] other = train(Map.of("objective", "binary:logistic", "eta", 0.3), 30);
        try (ScoringModel model = load(train(Map.of("objective", "binary:logistic"), 30))) {
            TreeEnsemble wrongTrees = XGBoostTrees.read(other);

            assertThatThrownBy(() -> TreeShapExplainer.pathDependent(wrongTrees, model, true, rows.subList(0, 20)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to explain");
        }
    }

    @Test
    void whatTheReaderDoesNotUnderstandIsRefusedRatherThanExplainedWrongly() throws Exception {
        String json = new String(train(Map.of("objective", "binary:logistic"), 5), StandardCharsets.UTF_8);
        String dart = json.replace("\"name\":\"gbtree\"", "\"name\":\"dart\"");
        String categorical = json.replaceFirst("\"split_type\":\\[0", "\"split_type\":[1");

        assertThat(XGBoostTrees.read(json.getBytes(StandardCharsets.UTF_8)).treeCount()).isEqualTo(5);
        assertThatThrownBy(() -> XGBoostTrees.read(dart.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dart");
        assertThatThrownBy(() -> XGBoostTrees.read(categorical.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categorical");
        assertThatThrownBy(() -> XGBoostTrees.baseMargin("reg:squarederror", "[5E-1]"))
                .hasMessageContaining("no log-odds");
        assertThat(XGBoostTrees.baseMargin("binary:logistic", "[5E-1]")).isZero();
        assertThat(XGBoostTrees.baseMargin("binary:logitraw", "2.5E-1")).isEqualTo(0.25);
    }
}
