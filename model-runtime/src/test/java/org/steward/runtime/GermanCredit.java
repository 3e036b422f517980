package org.steward.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/german-credit"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no examples/german-credit above " + Path.of("").toAbsolutePath());
    }

    public static GermanCredit load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(repositoryRoot().resolve("examples/german-credit/data/german_credit.csv"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = fields(lines.getFirst());
        var rows = new ArrayList<Map<String, Object>>();
        var labels = new float[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            List<String> values = fields(lines.get(i));
            var row = new LinkedHashMap<String, Object>();
            for (String name : NUMERIC) {
                row.put(name, Integer.parseInt(values.get(header.indexOf(name))));
            }
            rows.add(row);
            labels[i - 1] = values.get(header.indexOf("creditability")).equals("bad") ? 1 : 0;
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

    /** One CSV line, with RFC 4180 quoting. */
    private static List<String> fields(String line) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
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
