package org.steward.benchmarks;

import org.steward.benchmarks.synthetic.SyntheticBank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A default label for the synthetic bank's entity rows, drawn from the features a point-in-time join gives them: a
 * logistic function of utilisation, days past due, overdraft days, chargebacks (riskier when higher), the bureau
 * score and income (riskier when lower), employment status and segment. A missing value contributes what the middle
 * of its range does. Seeded: the same training set and seed give the same labels.
 */
final class SyntheticLabel {

    static final String LABEL = "bad";

    /**
     * The scorecard's inputs: the label's drivers but chargebacks and segment, which move it too little to keep two
     * bins of their own in the binning (the model does not see everything that drives the label, as in life).
     */
    static final List<String> INPUTS = List.of(
            "account_daily__utilization", "account_daily__days_past_due", "account_daily__overdraft_days_30d",
            "customer_profile__bureau_score", "customer_profile__annual_income", "customer_profile__employment_status");

    /** Numeric drivers: column, range of its values, weight of the range's span on the log-odds. */
    private record Driver(String column, double min, double max, double weight) {
    }

    private static final List<Driver> DRIVERS = List.of(
            new Driver("account_daily__utilization", 0, 1.5, 4.0),
            new Driver("account_daily__days_past_due", 0, 120, 3.0),
            new Driver("account_daily__overdraft_days_30d", 0, 30, 2.0),
            new Driver("transactions_agg__chargeback_count_90d", 0, 5, 0.5),
            new Driver("customer_profile__bureau_score", 300, 850, -4.0),
            new Driver("customer_profile__annual_income", 8_000, 400_000, -2.0));
    private static final Map<String, Map<String, Double>> CATEGORIES = Map.of(
            "customer_profile__employment_status", Map.of("unemployed", 0.8, "student", 0.4, "retired", -0.2),
            "customer_profile__segment", Map.of("private", -0.5, "affluent", -0.2));
    private static final double INTERCEPT = -3.0;

    /** How many rows were labelled and how many of them bad. */
    record Counts(long rows, long bads) {
    }

    private SyntheticLabel() {
    }

    /**
     * Reads a training set's CSV (without quoted fields, as the synthetic bank's values need none) and writes its
     * entity rows with the label: {@code row_id,customer_id,event_time,bad}.
     */
    static Counts write(BufferedReader trainingSet, Writer entityRows, SplittableRandom random) throws IOException {
        String headerLine = trainingSet.readLine();
        if (headerLine == null) {
            throw new IllegalArgumentException("the training set is empty");
        }
        List<String> header = Arrays.asList(headerLine.split(",", -1));
        int[] keys = {index(header, SyntheticBank.ROW_ID), index(header, SyntheticBank.JOIN_KEY),
                index(header, SyntheticBank.EVENT_TIME)};
        int[] drivers = DRIVERS.stream().mapToInt(d -> index(header, d.column())).toArray();
        List<String> categoryColumns = CATEGORIES.keySet().stream().sorted().toList();
        int[] categories = categoryColumns.stream().mapToInt(c -> index(header, c)).toArray();
        entityRows.write(SyntheticBank.ROW_ID + "," + SyntheticBank.JOIN_KEY + "," + SyntheticBank.EVENT_TIME + ","
                + LABEL + "\n");
        long rows = 0;
        long bads = 0;
        for (String line = trainingSet.readLine(); line != null; line = trainingSet.readLine()) {
            if (line.indexOf('"') >= 0) {
                throw new IllegalArgumentException("a quoted field in the training set: " + line);
            }
            String[] fields = line.split(",", -1);
            double margin = INTERCEPT;
            for (int d = 0; d < drivers.length; d++) {
                Driver driver = DRIVERS.get(d);
                String value = fields[drivers[d]];
                double unit = value.isEmpty() ? 0.5 : (Double.parseDouble(value) - driver.min()) / (driver.max() - driver.min());
                margin += driver.weight() * unit;
            }
            for (int c = 0; c < categories.length; c++) {
                margin += CATEGORIES.get(categoryColumns.get(c)).getOrDefault(fields[categories[c]], 0.0);
            }
            int bad = random.nextDouble() < probability(margin) ? 1 : 0;
            entityRows.write(fields[keys[0]] + "," + fields[keys[1]] + "," + fields[keys[2]] + "," + bad + "\n");
            rows++;
            bads += bad;
        }
        return new Counts(rows, bads);
    }

    static double probability(double margin) {
        return 1 / (1 + Math.exp(-margin));
    }

    private static int index(List<String> header, String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("the training set has no column " + column + ": " + header);
        }
        return i;
    }
}
