package org.steward.benchmarks;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run with the machine and parameters they came from: printed as a table and
 * kept as JSON, so runs on different machines or commits can be compared later.
 */
public record Report(String benchmark, String runId, Instant startedAt, Machine machine, Map<String, Object> parameters,
                     List<Figure> figures, List<String> notes) {

    /** Whether a figure reached its target; a figure without a target is context for the others. */
    public enum Verdict { PASS, BELOW }

    /** Which side of its target a figure must be on: a rate at least, a latency at most. */
    public enum Goal { AT_LEAST, AT_MOST }

    /**
     * One measured figure.
     *
     * @param events  how many events a rate was measured over (null for other figures)
     * @param seconds the time they took (null for other figures)
     * @param target  the least (or, for {@link Goal#AT_MOST}, the most) acceptable value, or null
     * @param goal    which side of the target passes; null without a target
     */
    public record Figure(String measure, double value, String unit, Long events, Double seconds, Double target,
                         Goal goal, Verdict verdict) {

        static Figure rate(String measure, long events, double seconds, Double target) {
            double rate = events / seconds;
            return new Figure(measure, rate, "events/s", events, seconds, target, target == null ? null : Goal.AT_LEAST,
                    target == null ? null : rate >= target ? Verdict.PASS : Verdict.BELOW);
        }

        static Figure value(String measure, double value, String unit) {
            return new Figure(measure, value, unit, null, null, null, null, null);
        }

        /** A latency in milliseconds, passing when at most {@code targetMillis} (null: no target). */
        static Figure latency(String measure, double millis, Double targetMillis) {
            return atMost(measure, millis, "ms", targetMillis);
        }

        /** A figure in {@code unit} that passes when at most {@code target} (null: no target). */
        static Figure atMost(String measure, double value, String unit, Double target) {
            return new Figure(measure, value, unit, null, null, target, target == null ? null : Goal.AT_MOST,
                    target == null ? null : value <= target ? Verdict.PASS : Verdict.BELOW);
        }
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    String table() {
        int width = figures.stream().mapToInt(f -> f.measure().length()).max().orElse(10) + 2;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nSteward %s benchmark, run %s, %s%nMachine: %s%nParameters: %s%n%n",
                benchmark, runId, startedAt.truncatedTo(ChronoUnit.SECONDS), machine.summary(), parameters));
        out.append(String.format(Locale.ROOT, "%-" + width + "s%22s   %-12s%s%n", "measure", "result", "target", "verdict"));
        for (Figure f : figures) {
            String result = String.format(Locale.ROOT, number(f.value()) + " %s", f.value(), f.unit());
            String target = f.target() == null ? "" : String.format(Locale.ROOT,
                    (f.goal() == Goal.AT_MOST ? "<= " : ">= ") + number(f.target()), f.target());
            out.append(String.format(Locale.ROOT, "%-" + width + "s%22s   %-12s%s%n", f.measure(), result, target,
                    f.verdict() == null ? "" : f.verdict()));
        }
        out.append('\n');
        notes.forEach(note -> out.append("Note: ").append(note).append('\n'));
        return out.toString();
    }

    /**
     * Three significant figures at least: large rates without decimals, sub-millisecond latencies with three, and
     * tiny differences (below 0.001) in scientific notation.
     */
    private static String number(double value) {
        return value >= 100 ? "%,.0f" : value >= 1 ? "%,.1f" : value >= 1e-3 || value == 0 ? "%,.3f" : "%.2e";
    }

    /** How an in-process benchmark measures, given the time it started, the machine and a scratch directory. */
    @FunctionalInterface
    interface Measurement {
        Report measure(Instant startedAt, Machine machine, Path work) throws Exception;
    }

    /**
     * Runs an in-process benchmark (no platform) in a temporary directory deleted afterwards: describes the machine,
     * measures, prints the table and writes the JSON into {@code resultsDirectory}.
     */
    static void runInProcess(String name, String runId, Path resultsDirectory, Measurement measurement) throws Exception {
        Instant startedAt = Instant.now();
        Machine machine = Machine.describeInProcess(Machine.loadAverage());
        org.slf4j.LoggerFactory.getLogger(Report.class).info("{} benchmark {}: {}", name, runId, machine.summary());
        Path work = Files.createTempDirectory("steward-bench-" + name + "-");
        try {
            Report report = measurement.measure(startedAt, machine, work);
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(resultsDirectory));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Writes {@code <benchmark>-<UTC time>.json} into {@code directory}, creating it if needed. */
    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(benchmark + "-" + FILE_TIME.format(startedAt) + ".json");
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        return file;
    }
}
