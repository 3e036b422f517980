package org.steward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example card of SCORECARD_FORMAT.md, scored on rows whose answers were worked out by hand. */
class ScorecardTest {

    private static final InputSignature SIGNATURE = InputSignature.of(
            new InputField("duration_in_month", FieldType.NUMBER),
            new InputField("status_of_existing_checking_account", FieldType.STRING),
            new InputField("purpose", FieldType.STRING));
    // factor = 20 / ln 2, offset = 600 - factor · ln 50, share = (offset - factor · intercept) / 3
    private static final double FACTOR = 28.85390081777927;
    private static final double OFFSET = 487.1228762045055;
    private static final double SHARE = 170.5495639665393;

    private static String example;

    @BeforeAll
    static void readTheDocumentedExample() throws IOException {
        String markdown = Files.readString(GermanCredit.repositoryRoot().resolve("model-runtime/SCORECARD_FORMAT.md"));
        int start = markdown.indexOf("```json\n") + "```json\n".length();
        example = markdown.substring(start, markdown.indexOf("```", start));
    }

    private static Scorecard load(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return (Scorecard) ModelLoader.load(bytes, Artifacts.sha256(bytes), ModelFormat.SCORECARD_JSON, SIGNATURE);
    }

    @Test
    void scoresARowAsWorkedOutByHand() {
        Scorecard card = load(example);
        // bins: 6 < 12 → -0.45; "... < 0 DM" → 0.82; radio → -0.47
        Map<String, Object> row = Map.of("duration_in_month", 6, "status_of_existing_checking_account", "... < 0 DM",
                "purpose", "radio/television");
        double margin = -0.85 + 0.95 * -0.45 + 0.85 * 0.82 + 0.70 * -0.47; // -0.9095

        Score score = card.score(row);

        assertThat(score.margin()).isCloseTo(-0.9095, within(1e-12));
        assertThat(score.probability()).isCloseTo(0.28710216360868607, within(1e-12));
        assertThat(score.probability()).isEqualTo(1 / (1 + Math.exp(-score.margin())));
        assertThat(score.margin()).isCloseTo(margin, within(1e-12));

        Scorecard.Points points = card.points(row);
        assertThat(points.byFeature().keySet()).containsExactlyElementsOf(SIGNATURE.names());
        assertThat(points.byFeature().get("duration_in_month")).isCloseTo(182.88460656613992, within(1e-9));
        assertThat(points.byFeature().get("status_of_existing_checking_account"))
                .isCloseTo(150.43839509654714, within(1e-9));
        assertThat(points.byFeature().get("purpose")).isCloseTo(180.04249733558868, within(1e-9));
        assertThat(points.total()).isCloseTo(513.3654989982757, within(1e-9));
        assertThat(points.total()).isCloseTo(OFFSET - FACTOR * score.margin(), within(1e-9));
        assertThat(points.byFeature().values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(points.total());
    }

    @Test
    void upperEdgesAreExclusiveAndUnknownCategoriesTakeTheMissingWoe() {
        Scorecard card = load(example);
        // 24 is the upper edge of the second bin, so the third: 0.40; "vacation" is in no bin → missingWoe 0
        Map<String, Object> row = Map.of("duration_in_month", 24.0,
                "status_of_existing_checking_account", "no checking account", "purpose", "vacation");

        assertThat(card.score(row).margin()).isCloseTo(-0.85 + 0.95 * 0.40 + 0.85 * -1.18, within(1e-12));
        assertThat(card.score(row).probability()).isCloseTo(0.18648705693704154, within(1e-12));
        assertThat(card.points(row).byFeature().get("purpose")).isCloseTo(SHARE, within(1e-9));
        assertThat(card.points(row).total()).isCloseTo(529.6246721090944, within(1e-9));
    }

    @Test
    void missingValuesTakeTheMissingWoe() {
        Scorecard card = load(example);
        var row = new HashMap<String, Object>();
        row.put("duration_in_month", null);
        row.put("purpose", null);

        assertThat(card.score(row).margin()).isEqualTo(-0.85);
        assertThat(card.score(Map.of("duration_in_month", Double.NaN)).margin()).isEqualTo(-0.85);
        assertThat(card.points(row).total()).isCloseTo(511.64869189961786, within(1e-9));
    }

    @Test
    void extremeValuesFallInTheOpenEndedBins() {
        Scorecard card = load(example);

        assertThat(card.score(Map.of("duration_in_month", Double.NEGATIVE_INFINITY)).margin())
                .isCloseTo(-0.85 + 0.95 * -0.45, within(1e-12));
        assertThat(card.score(Map.of("duration_in_month", Double.POSITIVE_INFINITY)).margin())
                .isCloseTo(-0.85 + 0.95 * 0.75, within(1e-12));
    }

    @Test
    void aBatchScoresEachRow() {
        Scorecard card = load(example);
        List<Map<String, Object>> rows = List.of(Map.of("duration_in_month", 6), Map.of("duration_in_month", 40));

        assertThat(card.score(rows)).containsExactly(card.score(rows.get(0)), card.score(rows.get(1)));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        Scorecard card = load(example);

        assertThatThrownBy(() -> card.score(Map.of("purpose", 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purpose");
        assertThatThrownBy(() -> card.score(Map.of("duration_in_month", "6")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration_in_month");
    }

    @Test
    void malformedCardsAreRefusedWithTheReason() {
        assertRefused(example.replace("steward-scorecard/1", "steward-scorecard/2"), "steward-scorecard/2");
        assertRefused(example.replace("\"upper\": 24", "\"upper\": 12"), "features[0].bins[1].upper must be greater");
        assertRefused(example.replace("\"upper\": null", "\"upper\": 48"), "features[0].bins[3].upper must be null");
        assertRefused(example.replace("\"car (used)\"", "\"car (new)\""), "\"car (new)\" is in two bins");
        assertRefused(example.replace("\"missingWoe\": 0.0,\n      \"coefficient\": 0.95",
                "\"missingWoe\": 0.0,\n      \"coeficient\": 0.95"), "unknown field 'coeficient'");
        assertRefused(example.replace("\"intercept\": -0.85,", "\"intercept\": -0.85, \"intercept\": 0.5,"),
                "intercept");
        assertRefused(example.replace("\"pdo\": 20", "\"pdo\": 0"), "scaling.pdo must be positive");
        assertRefused(example.replace("\"woe\": 0.82", "\"woe\": \"high\""), "features[1].bins[0].woe");
        assertRefused("{\"format\": ", "not scorecard JSON");
        assertRefused("[1, 2, 3]", "must be a JSON object");
    }

    @Test
    void aSignatureThatDisagreesWithTheCardIsRefused() {
        byte[] bytes = example.getBytes(StandardCharsets.UTF_8);
        var swapped = InputSignature.of(SIGNATURE.fields().get(0), SIGNATURE.fields().get(2), SIGNATURE.fields().get(1));
        var retyped = InputSignature.of(new InputField("duration_in_month", FieldType.STRING),
                SIGNATURE.fields().get(1), SIGNATURE.fields().get(2));

        for (InputSignature wrong : List.of(swapped, retyped, InputSignature.of(SIGNATURE.fields().getFirst()))) {
            assertThatThrownBy(() -> ModelLoader.load(bytes, Artifacts.sha256(bytes), ModelFormat.SCORECARD_JSON, wrong))
                    .isInstanceOf(ModelLoadException.class);
        }
    }

    private static void assertRefused(String json, String reason) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(ModelLoadException.class).hasMessageContaining(reason);
    }
}
