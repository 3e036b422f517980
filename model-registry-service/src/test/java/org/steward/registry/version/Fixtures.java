package org.steward.registry.version;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Complete lineage and versions for domain tests. */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);

    private Fixtures() {
    }

    static Lineage completeLineage() {
        return new Lineage(new Lineage.TrainingSet("ts-2024-06", "c".repeat(64)),
                List.of("customer_profile@2", "loan_application@1"),
                new Lineage.Label("default: 90+ days past due within 12 months", "german_credit.csv"),
                new Lineage.Windows(new Lineage.Window("2019-01-01", "2021-12-31"),
                        new Lineage.Window("2022-01-01", "2022-06-30"),
                        new Lineage.Window("2022-07-01", "2022-12-31")),
                new Lineage.Code("0123456789abcdef0123456789abcdef01234567", false),
                Map.of("java", "21", "xgboost4j", "3.4.0"), Map.of("split", 42L, "estimator", 7L),
                JsonNodeFactory.instance.stringNode("featureService: credit_scoring@1\nestimator: scorecard\n"));
    }

    static InputSignature signature() {
        return new InputSignature("credit_scoring@1", List.of(new InputField("requested_amount", FieldType.NUMBER)),
                List.of(new InputField("age", FieldType.NUMBER), new InputField("checking_account", FieldType.STRING)));
    }

    static ModelVersion version(int number, String sha, JsonNode metrics, JsonNode params, Lineage lineage) {
        return new ModelVersion("credit", number, VersionStatus.DEV, List.of(), ArtifactFormat.SCORECARD_JSON, sha, 10,
                null, signature(), metrics, params, lineage, "d".repeat(64), Instant.EPOCH, "dana", Instant.EPOCH);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
