package org.steward.benchmarks.synthetic;

import org.steward.featurestore.definition.FeatureType;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One feature of the synthetic bank: its name and type, how often it is missing, and how its values are drawn.
 * Values are written straight as text in the form the ingest reads and PostgreSQL, DuckDB and pandas parse to the
 * same value: whole numbers plain, decimals with a fixed number of places, {@code true}/{@code false}, strings
 * from a small vocabulary (never empty and never needing quotes).
 *
 * @param nullRate the share of rows where the value is missing (0 for a feature declared not nullable)
 */
public record SyntheticFeature(String name, FeatureType type, double nullRate, Draw draw) {

    /** Appends one drawn value's text. */
    @FunctionalInterface
    public interface Draw {
        void append(SplittableRandom random, StringBuilder out);
    }

    static SyntheticFeature integer(String name, long min, long max, double nullRate) {
        return new SyntheticFeature(name, FeatureType.INT64, nullRate, (r, out) -> out.append(r.nextLong(min, max + 1)));
    }

    /** A decimal in {@code [min, max)} with {@code places} decimal places. */
    static SyntheticFeature decimal(String name, double min, double max, int places, double nullRate) {
        long scale = (long) Math.pow(10, places);
        long low = Math.round(min * scale);
        long high = Math.round(max * scale);
        return new SyntheticFeature(name, FeatureType.FLOAT64, nullRate, (r, out) -> {
            long units = r.nextLong(low, high);
            if (units < 0) {
                out.append('-');
                units = -units;
            }
            out.append(units / scale).append('.');
            String fraction = Long.toString(units % scale);
            out.repeat('0', places - fraction.length()).append(fraction);
        });
    }

    static SyntheticFeature flag(String name, double trueRate, double nullRate) {
        return new SyntheticFeature(name, FeatureType.BOOL, nullRate, (r, out) -> out.append(r.nextDouble() < trueRate));
    }

    static SyntheticFeature category(String name, List<String> values, double nullRate) {
        String[] vocabulary = values.toArray(String[]::new);
        return new SyntheticFeature(name, FeatureType.STRING, nullRate, (r, out) -> out.append(vocabulary[r.nextInt(vocabulary.length)]));
    }

    public boolean nullable() {
        return nullRate > 0;
    }
}
