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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/german-credit"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no examples/german-credit above " + Path.of("").toAbsolutePath());
    }

    public static byte[] scorecard() {
        return read(repositoryRoot().resolve("examples/german-credit/scorecard-handwritten.json"));
    }

    public static ScoringModel loadScorecard() {
        byte[] card = scorecard();
        return ModelLoader.load(card, Artifacts.sha256(card), ModelFormat.SCORECARD_JSON, SIGNATURE);
    }

    public static List<Applicant> applicants() {
        List<String> lines = new String(read(repositoryRoot().resolve("examples/german-credit/data/german_credit.csv")),
                StandardCharsets.UTF_8).lines().toList();
        List<String> header = fields(lines.getFirst());
        List<Applicant> applicants = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> values = fields(line);
            Map<String, Object> inputs = new LinkedHashMap<>();
            INPUTS.forEach((column, input) -> {
                String value = values.get(header.indexOf(column));
                inputs.put(input, column.endsWith("_month") || column.equals("credit_amount") ? Long.parseLong(value) : value);
            });
            applicants.add(new Applicant(inputs, Long.parseLong(values.get(header.indexOf("age_in_years"))),
                    values.get(header.indexOf("personal_status_and_sex")), values.get(header.indexOf("foreign_worker")),
                    values.get(header.indexOf("creditability")).equals("bad")));
        }
        return applicants;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV line with RFC 4180 quoting. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
