package org.steward.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The German credit example as the feature store serves it for {@code german_credit_scorecard@1}: the applications
 * joined point-in-time with the customer profile (ttl 730 days) and the account history (ttl 365 days), in the
 * snapshot's column order and canonical text, so that the pipeline can be tested without the services.
 */
final class ExampleData {

    static final List<String> PROFILE = List.of("age", "personal_status_and_sex", "foreign_worker", "job", "housing",
            "employment_since", "residence_since", "property", "people_liable", "telephone");
    static final List<String> PROFILE_TYPES = List.of("int64", "string", "string", "string", "string", "string",
            "int64", "string", "int64", "string");
    static final List<String> ACCOUNT = List.of("checking_account", "savings", "credit_history", "existing_credits",
            "other_debtors", "other_installment_plans");
    static final List<String> ACCOUNT_TYPES = List.of("string", "string", "string", "int64", "string", "string");

    private ExampleData() {
    }

    /** The nearest ancestor of the working directory that holds {@code examples/german-credit}. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/german-credit"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no examples/german-credit above " + Path.of("").toAbsolutePath());
    }

    static Path example(String file) {
        return repositoryRoot().resolve("examples/german-credit").resolve(file);
    }

    static String spec(String file) {
        try {
            return Files.readString(example(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot's record and its canonical CSV. */
    record Example(TrainingSet record, byte[] csv) {

        Snapshot snapshot() {
            return read(record, csv);
        }
    }

    static Snapshot snapshot() {
        return example().snapshot();
    }

    static Snapshot read(TrainingSet record, byte[] csv) {
        try {
            return Snapshot.read(record, new ByteArrayInputStream(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The training set of the example's applications. */
    static Example example() {
        Path applicationsFile = example("data/applications.csv");
        List<TrainingSet.Column> columns = new ArrayList<>(List.of(
                new TrainingSet.Column("customer_id", "string", "key"),
                new TrainingSet.Column("event_time", "timestamp", "event_time"),
                new TrainingSet.Column("credit_amount", "float64", "request"),
                new TrainingSet.Column("duration_in_month", "int64", "request"),
                new TrainingSet.Column("purpose", "string", "request"),
                new TrainingSet.Column("installment_rate", "int64", "request"),
                new TrainingSet.Column("bad", "int64", "extra")));
        for (int i = 0; i < PROFILE.size(); i++) {
            columns.add(new TrainingSet.Column("customer_profile__" + PROFILE.get(i), PROFILE_TYPES.get(i), "feature"));
        }
        for (int i = 0; i < ACCOUNT.size(); i++) {
            columns.add(new TrainingSet.Column("account_history__" + ACCOUNT.get(i), ACCOUNT_TYPES.get(i), "feature"));
        }
        columns.add(new TrainingSet.Column("monthly_installment", "float64", "transformation"));

        Map<String, List<List<String>>> profiles = byCustomer(read(example("data/customer_profile.csv")));
        Map<String, List<List<String>>> accounts = byCustomer(read(example("data/account_history.csv")));
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            csv.append(c == 0 ? "" : ",").append(columns.get(c).name());
        }
        csv.append('\n');
        List<List<String>> applications = read(applicationsFile);
        for (List<String> a : applications.subList(1, applications.size())) {
            Instant t = Instant.parse(a.get(1));
            List<String> profile = asOf(profiles.get(a.get(0)), t, Duration.ofDays(730));
            List<String> account = asOf(accounts.get(a.get(0)), t, Duration.ofDays(365));
            List<String> row = new ArrayList<>(List.of(a.get(0), t.toString(), Double.toString(Double.parseDouble(a.get(2))),
                    a.get(3), a.get(4), a.get(5), a.get(6)));
            for (int i = 0; i < PROFILE.size(); i++) {
                row.add(profile == null ? null : profile.get(i + 2));
            }
            for (int i = 0; i < ACCOUNT.size(); i++) {
                row.add(account == null ? null : account.get(i + 2));
            }
            row.add(Double.toString(Double.parseDouble(a.get(2)) / Long.parseLong(a.get(3))));
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    csv.append(',');
                }
                Csv.appendField(csv, row.get(c));
            }
            csv.append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        ObjectNode lineage = JsonNodeFactory.instance.objectNode();
        lineage.putArray("featureViews").add(JsonNodeFactory.instance.objectNode().put("name", "customer_profile").put("version", 1))
                .add(JsonNodeFactory.instance.objectNode().put("name", "account_history").put("version", 1));
        TrainingSet record = new TrainingSet("00000000-0000-0000-0000-000000000001", "german_credit_scorecard", 1, false,
                applications.size() - 1, org.steward.runtime.Artifacts.sha256(bytes), columns, lineage);
        return new Example(record, bytes);
    }

    /** The row with the largest event time at or before {@code t} and not older than {@code ttl}. */
    private static List<String> asOf(List<List<String>> rows, Instant t, Duration ttl) {
        List<String> best = null;
        for (List<String> row : rows == null ? List.<List<String>>of() : rows) {
            Instant time = Instant.parse(row.get(1));
            if (!time.isAfter(t) && !time.isBefore(t.minus(ttl))
                    && (best == null || time.isAfter(Instant.parse(best.get(1))))) {
                best = row;
            }
        }
        return best;
    }

    private static Map<String, List<List<String>>> byCustomer(List<List<String>> rows) {
        Map<String, List<List<String>>> byCustomer = new HashMap<>();
        rows.subList(1, rows.size()).forEach(r -> byCustomer.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(r));
        return byCustomer;
    }

    static List<List<String>> read(Path file) {
        try {
            Csv csv = new Csv(new StringReader(Files.readString(file)));
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
