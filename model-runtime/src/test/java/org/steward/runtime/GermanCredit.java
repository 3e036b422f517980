package org.steward.runtime;

import org.steward.testsupport.examples.ExampleFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The German credit example's numeric columns and its label (bad = 1), read from the repository's copy. */
public record GermanCredit(List<Map<String, Object>> rows, float[] labels) {

    public static final List<String> NUMERIC = List.of(
            "duration_in_month",
            "credit_amount",
            "installment_rate_in_percentage_of_disposable_income",
            "present_residence_since",
            "age_in_years",
            "number_of_existing_credits_at_this_bank",
            "number_of_people_being_liable_to_provide_maintenance_for");

    public static final InputSignature SIGNATURE = new InputSignature(
            NUMERIC.stream().map(name -> new InputField(name, FieldType.NUMBER)).toList());

    /** The repository root: the nearest ancestor of the working directory that holds {@code examples/}. */
    public static Path repositoryRoot() {
        return ExampleFiles.repositoryRoot();
    }

    public static GermanCredit load() {
        List<Map<String, String>> applicants = ExampleFiles.readCsv(ExampleFiles.germanCredit("data/german_credit.csv"));
        var rows = new ArrayList<Map<String, Object>>();
        var labels = new float[applicants.size()];
        for (int i = 0; i < applicants.size(); i++) {
            Map<String, String> applicant = applicants.get(i);
            var row = new LinkedHashMap<String, Object>();
            for (String name : NUMERIC) {
                row.put(name, Integer.parseInt(applicant.get(name)));
            }
            rows.add(row);
            labels[i] = applicant.get("creditability").equals("bad") ? 1 : 0;
        }
        return new GermanCredit(List.copyOf(rows), labels);
    }

    /** The numeric columns as a row-major float matrix, in {@link #NUMERIC} order. */
    public float[] matrix() {
        float[] matrix = new float[rows.size() * NUMERIC.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < NUMERIC.size(); c++) {
                matrix[r * NUMERIC.size() + c] = ((Number) rows.get(r).get(NUMERIC.get(c))).floatValue();
            }
        }
        return matrix;
    }
}
