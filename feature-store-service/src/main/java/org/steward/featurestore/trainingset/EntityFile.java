package org.steward.featurestore.trainingset;

import org.steward.commons.json.Sha256;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.FeatureService;
import org.steward.featurestore.definition.JoinKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The uploaded entity rows, kept in a temporary file so that a large upload is never held in memory and a job can
 * read it after the request has ended. Receiving them hashes the bytes as sent (the lineage's
 * {@code entityRowsSha256}) and checks every row up front, so bad input is refused before any work starts: the
 * service's join keys and {@code event_time} must be present and typed, and so must its request features.
 *
 * <p>Any other column passes through unchanged. Its type is the narrowest under which every value is already in
 * canonical form — {@code 42} is an int64, {@code 042} a string — so reading it loses nothing.
 */
final class EntityFile implements AutoCloseable {

    static final String EVENT_TIME = "event_time";
    /** The snapshot's own column: the position of each uploaded row. */
    static final String ROW_NUMBER = "row_number";
    private static final int MAX_PROBLEMS = 10;
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final List<ColumnType> INFERABLE = List.of(ColumnType.INT64, ColumnType.BOOL, ColumnType.FLOAT64,
            ColumnType.TIMESTAMP);

    private final Path path;
    private final String sha256;
    private final long rows;
    private final List<Column> columns;

    private EntityFile(Path path, String sha256, long rows, List<Column> columns) {
        this.path = path;
        this.sha256 = sha256;
        this.rows = rows;
        this.columns = List.copyOf(columns);
    }

    /**
     * Spools and checks {@code body}.
     *
     * @throws StewardException (invalid) naming each problem (up to ten) by row, line and column
     */
    static EntityFile receive(InputStream body, TrainingSetPlan plan) throws IOException {
        Path path = Files.createTempFile("steward-entity-rows-", ".csv");
        try {
            MessageDigest digest = Digests.sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), digest)) {
                body.transferTo(out);
            }
            return check(path, Sha256.toHex(digest.digest()), plan);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** The SHA-256 of the bytes as uploaded. */
    String sha256() {
        return sha256;
    }

    long rows() {
        return rows;
    }

    /** The uploaded columns, in the upload's order, typed. */
    List<Column> columns() {
        return columns;
    }

    /**
     * Writes {@code row_number} (from 1, in upload order) and the typed columns of every row, the rows split in
     * consecutive runs of {@code rowsPerPart} dealt out in turn: the first run to {@code targets[0]}, the next to
     * {@code targets[1]}, and after the last target the first again.
     */
    void copyTo(List<PgBinary.Writer> targets, long rowsPerPart) throws IOException {
        ColumnType[] types = PgBinary.types(columns);
        Object[] values = new Object[types.length + 1];
        try (InputStream in = Files.newInputStream(path)) {
            CsvReader csv = reader(in);
            csv.next();
            long row = 0;
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                values[0] = ++row;
                for (int i = 0; i < types.length; i++) {
                    String text = record.get(i);
                    values[i + 1] = text == null ? null : Values.parse(types[i], text);
                }
                targets.get((int) ((row - 1) / rowsPerPart % targets.size())).row(values);
            }
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EntityFile check(Path path, String sha256, TrainingSetPlan plan) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            CsvReader csv = reader(in);
            List<String> header = csv.next();
            if (header == null) {
                throw StewardException.invalid("the entity rows are empty; send CSV with a header naming "
                        + required(plan) + ", then one row per entity and time");
            }
            List<Column> declared = header(header, plan);
            List<String> problems = new ArrayList<>();
            long problemCount = 0;
            List<Inference> inferences = declared.stream().map(c -> c.type() == null ? new Inference() : null).toList();
            long row = 0;
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                row++;
                String at = "row " + row + " (line " + csv.line() + ")";
                if (record.size() != declared.size()) {
                    problemCount++;
                    add(problems, at + " has " + record.size() + " fields but the header has " + declared.size());
                    continue;
                }
                for (int i = 0; i < declared.size(); i++) {
                    Column column = declared.get(i);
                    String text = record.get(i);
                    String problem = null;
                    if (text == null) {
                        if (column.role() == Column.Role.KEY || column.role() == Column.Role.EVENT_TIME) {
                            problem = "is empty; every row needs its " + (column.role() == Column.Role.KEY ? "join key" : "event time");
                        }
                    } else if (text.indexOf('\0') >= 0) {
                        problem = "holds a NUL character";
                    } else if (column.type() == null) {
                        inferences.get(i).see(text);
                    } else {
                        try {
                            Values.parse(column.type(), text);
                        } catch (IllegalArgumentException e) {
                            problem = "'" + abbreviate(text) + "' is " + e.getMessage();
                        }
                    }
                    if (problem != null) {
                        problemCount++;
                        add(problems, at + ", column " + column.name() + ": " + problem);
                    }
                }
            }
            if (problemCount > 0) {
                throw StewardException.invalid((problemCount > problems.size() ? "the first " + problems.size() + " of "
                        + problemCount + " problems" : problemCount == 1 ? "1 problem" : problemCount + " problems")
                        + " in the entity rows: " + String.join("; ", problems));
            }
            if (row == 0) {
                throw StewardException.invalid("the entity rows have a header but no rows");
            }
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < declared.size(); i++) {
                Column c = declared.get(i);
                columns.add(c.type() != null ? c : new Column(c.name(), inferences.get(i).type(), c.role(), null));
            }
            return new EntityFile(path, sha256, row, columns);
        } catch (CharacterCodingException e) {
            throw StewardException.invalid("the entity rows are not UTF-8 text");
        } catch (CsvReader.CsvException e) {
            throw StewardException.invalid("the entity rows are not valid CSV: " + e.getMessage());
        }
    }

    /** Types the header's columns (extras untyped, to be inferred) and checks it names everything the plan needs. */
    private static List<Column> header(List<String> header, TrainingSetPlan plan) {
        Map<String, JoinKey> keys = plan.joinKeys().stream().collect(Collectors.toMap(JoinKey::name, Function.identity()));
        Map<String, FeatureService.RequestFeature> requests = plan.service().requestFeatures().stream()
                .collect(Collectors.toMap(FeatureService.RequestFeature::name, Function.identity()));
        Set<String> derived = plan.derivedColumns().stream().map(Column::name).collect(Collectors.toSet());
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name == null || name.isBlank()) {
                throw StewardException.invalid("column " + (i + 1) + " of the entity rows' header has no name");
            }
            if (name.indexOf('\0') >= 0 || name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
                throw StewardException.invalid("column name '" + abbreviate(name) + "' is not usable: names are at most "
                        + MAX_IDENTIFIER_BYTES + " bytes, without NUL characters");
            }
            if (!seen.add(name)) {
                throw StewardException.invalid("column '" + name + "' appears twice in the entity rows' header");
            }
            if (name.equals(ROW_NUMBER) || derived.contains(name)) {
                throw StewardException.invalid("column '" + name + "' of the entity rows has the name of a column the "
                        + "training set adds (" + (name.equals(ROW_NUMBER) ? "the row number" : "a feature or transformation")
                        + "); rename it");
            }
            if (keys.containsKey(name)) {
                columns.add(new Column(name, ColumnType.of(keys.get(name).type()), Column.Role.KEY, null));
            } else if (name.equals(EVENT_TIME)) {
                columns.add(new Column(name, ColumnType.TIMESTAMP, Column.Role.EVENT_TIME, null));
            } else if (requests.containsKey(name)) {
                columns.add(new Column(name, ColumnType.of(requests.get(name).type()), Column.Role.REQUEST, null));
            } else {
                columns.add(new Column(name, null, Column.Role.EXTRA, null));
            }
        }
        List<String> missing = new ArrayList<>();
        for (TrainingSetPlan.ViewJoin view : plan.views()) {
            view.keys().stream().filter(k -> !seen.contains(k.name()))
                    .forEach(k -> missing.add("'" + k.name() + "' (join key of " + view.view().reference() + ")"));
        }
        if (!seen.contains(EVENT_TIME)) {
            missing.add("'" + EVENT_TIME + "' (the time as of which features are looked up)");
        }
        requests.keySet().stream().filter(r -> !seen.contains(r)).sorted()
                .forEach(r -> missing.add("'" + r + "' (request feature of " + plan.service().name() + ")"));
        if (!missing.isEmpty()) {
            throw StewardException.invalid("the entity rows lack " + String.join(", ", missing.stream().distinct().toList())
                    + "; the header has: " + String.join(", ", header));
        }
        return columns;
    }

    private static String required(TrainingSetPlan plan) {
        List<String> names = new ArrayList<>(plan.joinKeys().stream().map(JoinKey::name).toList());
        names.add(EVENT_TIME);
        plan.service().requestFeatures().forEach(r -> names.add(r.name()));
        return String.join(", ", names);
    }

    private static CsvReader reader(InputStream in) {
        return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** Narrows an extra column's type to the first one under which every value seen is canonical. */
    private static final class Inference {

        private final Set<ColumnType> candidates = new java.util.LinkedHashSet<>(INFERABLE);
        private boolean seenValue;

        void see(String text) {
            seenValue = true;
            candidates.removeIf(type -> !Values.isCanonical(type, text));
        }

        ColumnType type() {
            return seenValue && !candidates.isEmpty() ? candidates.iterator().next() : ColumnType.STRING;
        }
    }
}
