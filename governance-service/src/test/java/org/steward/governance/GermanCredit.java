package org.steward.governance;

import org.steward.governance.evidence.DecisionPolicy;
import org.steward.governance.evidence.DecisionPolicy.CutOff;
import org.steward.governance.evidence.DecisionPolicy.Decision;
import org.steward.runtime.Artifacts;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;
import org.steward.testsupport.examples.ExampleFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The German credit example for tests: the 1,000 rows of {@code german_credit.csv} with the scorecard inputs under
 * the names the feature store gives them ({@code examples/german-credit/features.yaml}), the hand-written example
 * scorecard, and a decision policy for it.
 */
public final class GermanCredit {

    /** german_credit.csv column → the training-set column the example scorecard reads. */
    private static final Map<String, String> INPUTS = Map.of(
            "status_of_existing_checking_account", "account_history__checking_account",
            "credit_history", "account_history__credit_history",
            "savings_account_and_bonds", "account_history__savings",
            "purpose", "purpose",
            "duration_in_month", "duration_in_month",
            "credit_amount", "credit_amount");

    public static final InputSignature SIGNATURE = new InputSignature(List.of(
            new InputField("account_history__checking_account", FieldType.STRING),
            new InputField("account_history__credit_history", FieldType.STRING),
            new InputField("account_history__savings", FieldType.STRING),
            new InputField("purpose", FieldType.STRING),
            new InputField("duration_in_month", FieldType.NUMBER),
            new InputField("credit_amount", FieldType.NUMBER)));

    /** Approve up to a 25% probability of bad, refer up to 50%, decline above. */
    public static final DecisionPolicy POLICY = new DecisionPolicy(List.of(new CutOff(0.25, Decision.APPROVE),
            new CutOff(0.5, Decision.REFER), new CutOff(1.0, Decision.DECLINE)));

    /** One applicant: the scorecard's inputs, the protected attributes as published, and the outcome. */
    public record Applicant(Map<String, Object> inputs, long age, String personalStatusAndSex, String foreignWorker,
                            boolean bad) {
    }

    private GermanCredit() {
    }

    /** The repository root: the nearest ancestor of the working directory that holds {@code examples/}. */
    public static Path repositoryRoot() {
        return ExampleFiles.repositoryRoot();
    }

    public static byte[] scorecard() {
        try {
            return Files.readAllBytes(ExampleFiles.germanCredit("scorecard-handwritten.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScoringModel loadScorecard() {
        byte[] card = scorecard();
        return ModelLoader.load(card, Artifacts.sha256(card), ModelFormat.SCORECARD_JSON, SIGNATURE);
    }

    public static List<Applicant> applicants() {
        List<Applicant> applicants = new ArrayList<>();
        for (Map<String, String> row : ExampleFiles.readCsv(ExampleFiles.germanCredit("data/german_credit.csv"))) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            INPUTS.forEach((column, input) -> {
                String value = row.get(column);
                inputs.put(input, column.endsWith("_month") || column.equals("credit_amount") ? Long.parseLong(value) : value);
            });
            applicants.add(new Applicant(inputs, Long.parseLong(row.get("age_in_years")),
                    row.get("personal_status_and_sex"), row.get("foreign_worker"), row.get("creditability").equals("bad")));
        }
        return applicants;
    }
}
