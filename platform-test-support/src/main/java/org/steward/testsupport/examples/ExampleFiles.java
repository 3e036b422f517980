package org.steward.testsupport.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's examples as tests read them: every module's tests run from their own directory, so the
 * checkout's root is found upwards, and the example CSV files are read with RFC 4180 quoting into rows keyed by
 * their header.
 */
public final class ExampleFiles {

    private ExampleFiles() {
    }

    /** The checkout's root: the nearest ancestor of the working directory that holds {@code examples/german-credit}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/german-credit"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no examples/german-credit above " + Path.of("").toAbsolutePath()
                + ": run the tests from inside the Steward checkout");
    }

    /** A file of the German credit example, e.g. {@code data/german_credit.csv} or {@code scorecard.yaml}. */
    public static Path germanCredit(String file) {
        return repositoryRoot().resolve("examples/german-credit").resolve(file);
    }

    /** A CSV file with a header line, as rows in file order, each an unmodifiable map in header order. */
    public static List<Map<String, String>> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = fields(lines.getFirst());
        List<Map<String, String>> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> values = fields(line);
            if (values.size() != header.size()) {
                throw new IllegalStateException(file + ": a line has " + values.size() + " fields, the header "
                        + header.size() + ": " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), values.get(i));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /** One CSV line with RFC 4180 quoting (quoted fields hold commas; a doubled quote is a quote). */
    static List<String> fields(String line) {
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
