package org.steward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hash comes first: a changed byte is refused before any parser sees the artifact, and bytes that hash right but
 * are no model are refused with a reason instead of crashing a native library.
 */
class ModelLoaderTest {

    private static final InputSignature ONE_NUMBER = InputSignature.of(new InputField("x", FieldType.NUMBER));
    private static final byte[] GARBAGE = "\u0000\u00ffthis is no model{{".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] scorecard;
    private static byte[] xgboost;

    @BeforeAll
    static void artifacts() throws Exception {
        scorecard = """
                {"format": "steward-scorecard/1", "target": "bad", "intercept": -1.25,
                 "features": [{"name": "x", "type": "number", "missingWoe": 0,
                               "bins": [{"upper": 10, "woe": -0.5}, {"upper": null, "woe": 0.75}], "coefficient": 0.8}],
                 "scaling": {"baseScore": 600, "baseOdds": 50, "pdo": 20}}
                """.getBytes(StandardCharsets.UTF_8);
        var data = new DMatrix(new float[] {1, 5, 12, 20, 3, 30}, 6, 1, Float.NaN);
        data.setLabel(new float[] {0, 0, 1, 1, 0, 1});
        Booster booster = XGBoost.train(data, Map.of("objective", "binary:logistic", "nthread", 1), 3, Map.of(), null,
                null);
        xgboost = booster.toByteArray("json");
        booster.dispose();
        data.dispose();
    }

    /** The artifact with its last digit changed: still well-formed, so only the hash can tell. */
    private static byte[] tampered(byte[] artifact) {
        byte[] copy = artifact.clone();
        for (int i = copy.length - 1; i >= 0; i--) {
            if (copy[i] >= '0' && copy[i] <= '8') {
                copy[i]++;
                return copy;
            }
        }
        throw new IllegalArgumentException("no digit to change");
    }

    @Test
    void aTamperedScorecardIsRefusedThoughItWouldParse() {
        byte[] changed = tampered(scorecard);

        assertThatThrownBy(() -> ModelLoader.load(changed, Artifacts.sha256(scorecard), ModelFormat.SCORECARD_JSON,
                ONE_NUMBER))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining(Artifacts.sha256(scorecard))
                .hasMessageContaining(Artifacts.sha256(changed));
        assertThat(ModelLoader.load(changed, Artifacts.sha256(changed), ModelFormat.SCORECARD_JSON, ONE_NUMBER))
                .isNotNull();
    }

    @Test
    void aTamperedXGBoostModelIsRefusedThoughItWouldParse() {
        byte[] changed = tampered(xgboost);

        var refused = catchThrowableOfType(ArtifactIntegrityException.class,
                () -> ModelLoader.load(changed, Artifacts.sha256(xgboost), ModelFormat.XGBOOST_JSON, ONE_NUMBER));
        assertThat(refused.expectedSha256()).isEqualTo(Artifacts.sha256(xgboost));
        assertThat(refused.actualSha256()).isEqualTo(Artifacts.sha256(changed));
        try (ScoringModel model = ModelLoader.load(changed, Artifacts.sha256(changed), ModelFormat.XGBOOST_JSON,
                ONE_NUMBER)) {
            assertThat(model.score(Map.of("x", 3)).probability()).isBetween(0.0, 1.0);
        }
    }

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void theHashIsCheckedBeforeAnyParser(ModelFormat format) {
        // Garbage under someone else's hash: had any parser run first, this would be a parse error.
        assertThatThrownBy(() -> ModelLoader.load(GARBAGE, Artifacts.sha256(scorecard), format, ONE_NUMBER))
                .isInstanceOf(ArtifactIntegrityException.class);
    }

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void bytesWithTheRightHashThatAreNoModelAreRefusedWithAReason(ModelFormat format) {
        assertThatThrownBy(() -> ModelLoader.load(GARBAGE, Artifacts.sha256(GARBAGE), format, ONE_NUMBER))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageMatching("(?s)not (an ONNX model|XGBoost JSON|scorecard JSON).*");
        byte[] empty = new byte[0];
        assertThatThrownBy(() -> ModelLoader.load(empty, Artifacts.sha256(empty), format, ONE_NUMBER))
                .isExactlyInstanceOf(ModelLoadException.class);
    }

    @Test
    void jsonThatOnlyLooksLikeAnXGBoostModelIsRefusedByXGBoostWithoutACrash() {
        byte[] hollow = "{\"learner\": {\"objective\": {\"name\": \"binary:logistic\"}}, \"version\": [3, 4, 0]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelLoader.load(hollow, Artifacts.sha256(hollow), ModelFormat.XGBOOST_JSON,
                ONE_NUMBER))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("XGBoost cannot read the model");
    }

    @Test
    void aMalformedExpectedHashIsACallerError() {
        assertThatThrownBy(() -> ModelLoader.load(scorecard, "sha256:abc", ModelFormat.SCORECARD_JSON, ONE_NUMBER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelLoader.load(scorecard, null, ModelFormat.SCORECARD_JSON, ONE_NUMBER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAFileAndAcceptsTheHashInAnyCase(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("card.json"), scorecard);

        ScoringModel model = ModelLoader.load(file, Artifacts.sha256(scorecard).toUpperCase(),
                ModelFormat.SCORECARD_JSON, ONE_NUMBER);

        assertThat(model.sha256()).isEqualTo(Artifacts.sha256(scorecard));
        assertThat(model.format()).isEqualTo(ModelFormat.SCORECARD_JSON);
        assertThat(model.signature()).isEqualTo(ONE_NUMBER);
        assertThat(model.score(Map.of("x", 12)).margin()).isEqualTo(-1.25 + 0.8 * 0.75);
    }

    @Test
    void sha256IsTheLowerCaseHexOfTheBytes() {
        assertThat(Artifacts.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
