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
 * The repository's examples, and CSV, as tests read them: every module's tests run from their own directory, so the
 * checkout's root is found upwards; example files and downloaded training sets are read with RFC 4180 quoting.
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
        try {
            return csvRows(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CSV text with a header line as rows keyed by the header, every empty field an empty string (see
     * {@link #csvRecords(String)} to tell a null from an empty string).
     */
    public static List<Map<String, String>> csvRows(String text) {
        List<List<String>> records = csvRecords(text);
        List<String> header = records.getFirst();
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        for (List<String> record : records.subList(1, records.size())) {
            if (record.size() != header.size()) {
                throw new IllegalStateException("a record has " + record.size() + " fields, the header "
                        + header.size() + ": " + record);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), record.get(i) == null ? "" : record.get(i));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /**
     * RFC 4180 records (quoted fields hold commas, line breaks and doubled quotes; CRLF or LF ends a record), as the
     * platform writes them: an unquoted empty field is null, a quoted one the empty string.
     */
    public static List<List<String>> csvRecords(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c != ',') {
                    records.add(record);
                    record = new ArrayList<>();
                }
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || wasQuoted || !record.isEmpty()) {
            record.add(field.isEmpty() && !wasQuoted ? null : field.toString());
            records.add(record);
        }
        return records;
    }
}
