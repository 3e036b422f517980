package org.steward.runtime.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.steward.runtime.Artifacts;
import org.steward.runtime.FieldType;
import org.steward.runtime.GermanCredit;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.Scorecard;

/** The example card of SCORECARD_FORMAT.md explained: its terms are its contributions, its intercept the base. */
class ScorecardExplainerTest {

    private static final InputSignature SIGNATURE = InputSignature.of(
            new InputField("duration_in_month", FieldType.NUMBER),
            new InputField("status_of_existing_checking_account", FieldType.STRING),
            new InputField("purpose", FieldType.STRING));

    private static Scorecard card;

    @BeforeAll
    static void loadTheDocumentedExample() throws IOException {
        String markdown = Files.readString(GermanCredit.repositoryRoot().resolve("model-runtime/SCORECARD_FORMAT.md"));
        int start = markdown.indexOf("```json\n") + "```json\n".length();
        byte[] bytes = markdown.substring(start, markdown.indexOf("```", start)).getBytes(StandardCharsets.UTF_8);
        card = (Scorecard) ModelLoader.load(bytes, Artifacts.sha256(bytes), ModelFormat.SCORECARD_JSON, SIGNATURE);
    }

    @Test
    void contributionsAreCoefficientTimesWoeAndTheBaseIsTheIntercept() {
        Map<String, Object> row = Map.of("duration_in_month", 6, "status_of_existing_checking_account", "... < 0 DM",
                "purpose", "radio/television");

        Explanation explanation = Explainers.explainer(card).explain(row);

        assertThat(explanation.method()).isEqualTo(Explanation.Method.SCORECARD_POINTS);
        assertThat(explanation.baseValue()).isEqualTo(-0.85);
        assertThat(explanation.contributions().keySet()).containsExactlyElementsOf(SIGNATURE.names());
        assertThat(explanation.contributions().get("duration_in_month")).isCloseTo(0.95 * -0.45, within(1e-15));
        assertThat(explanation.contributions().get("status_of_existing_checking_account"))
                .isCloseTo(0.85 * 0.82, within(1e-15));
        assertThat(explanation.contributions().get("purpose")).isCloseTo(0.70 * -0.47, within(1e-15));
        assertThat(explanation.margin()).isCloseTo(-0.9095, within(1e-12));
        assertThat(explanation.additivityError()).isLessThanOrEqualTo(1e-12);
        assertThat(explanation.points()).isEqualTo(card.points(row));
        // The riskiest attribute is the one that loses the most points, whichever way it is read.
        assertThat(ReasonCodes.of(explanation, Map.of("status_of_existing_checking_account", "R07 checking account"),
                Set.of())).extracting(ReasonCode::code).containsExactly("R07 checking account");
    }

    @Test
    void everyRowAddsUpIncludingMissingAndUnknownValues() {
        var random = new Random(3);
        List<String> statuses = List.of("... < 0 DM", "0 <= ... < 200 DM", "no checking account", "unheard of");
        List<String> purposes = List.of("car (new)", "business", "radio/television", "a boat");
        Explainer explainer = Explainers.explainer(card);
        for (int i = 0; i < 500; i++) {
            var row = new HashMap<String, Object>();
            if (random.nextInt(8) > 0) {
                row.put("duration_in_month", random.nextInt(72));
            }
            row.put("status_of_existing_checking_account", statuses.get(random.nextInt(statuses.size())));
            row.put("purpose", random.nextInt(8) == 0 ? null : purposes.get(random.nextInt(purposes.size())));

            Explanation explanation = explainer.explain(row);

            assertThat(explanation.additivityError()).isLessThanOrEqualTo(1e-12);
            assertThat(explanation.margin()).isEqualTo(card.score(row).margin());
            double factor = 20 / Math.log(2);
            double share = explanation.points().byFeature().get("purpose")
                    + factor * explanation.contributions().get("purpose");
            for (String feature : SIGNATURE.names()) {
                // points_i = share - factor · contribution_i: points and contributions tell the same story
                assertThat(explanation.points().byFeature().get(feature))
                        .isCloseTo(share - factor * explanation.contributions().get(feature), within(1e-9));
            }
        }
    }
}
