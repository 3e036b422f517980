package org.steward.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One command per benchmark: {@code java -jar steward-benchmarks-exec.jar audit [options]}. Each starts the
 * embedded platform on a fresh temporary data directory, logs its progress, prints its figures beside their
 * targets and the machine they ran on, and writes them as JSON under {@code benchmarks/results/}.
 *
 * <p>Exit codes: 0 when the benchmark ran (figures below target are a result, not a failure), 1 when it could
 * not run or the platform misbehaved (e.g. the chain did not verify), 2 for a usage error, 128 + the signal's
 * number when interrupted.
 */
public final class Benchmarks {

    static final String USAGE = """
            Usage: steward-benchmarks audit [--events N] [--writers N] [--verify-events N] [--results-dir DIR]

              audit   audit events appended per second end to end (service -> outbox -> Kafka -> chain),
                      and chain verification speed (in the database and offline from an export)

              --events N         events each append run records (default 50000)
              --writers N        threads recording them, one event per transaction (default 4)
              --verify-events N  length of the chain to verify: when longer than the append runs left it,
                                 the chain is first filled up through the same path, in batches
                                 (default: the chain as the append runs left it)
              --results-dir DIR  where the JSON results go (default benchmarks/results)
            """;

    private Benchmarks() {
    }

    public static void main(String[] args) {
        AuditBenchmark.Options options;
        try {
            options = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("steward-benchmarks: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            new AuditBenchmark(options).run();
        } catch (InterruptedException e) {
            System.err.println("steward-benchmarks: interrupted; the platform was stopped and its data deleted");
            System.exit(130);
        } catch (Exception e) {
            System.err.println("steward-benchmarks: the audit benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // A library thread that outlives the platform must not keep the JVM from ending after the report.
        System.exit(0);
    }

    /** The audit benchmark's options, or null when help was asked for. */
    static AuditBenchmark.Options parse(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            return null;
        }
        if (!args.getFirst().equals("audit")) {
            throw new IllegalArgumentException("unknown benchmark '" + args.getFirst() + "'; the one there is: audit");
        }
        int events = 50_000;
        int writers = 4;
        Long verifyEvents = null;
        Path resultsDirectory = Path.of("benchmarks", "results");
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(Arrays.asList("--events", "--writers", "--verify-events",
                        "--results-dir").contains(option) ? option + " needs a value" : "unknown option " + option);
            }
            String value = rest.removeFirst();
            switch (option) {
                case "--events" -> events = (int) positive(option, value);
                case "--writers" -> writers = (int) positive(option, value);
                case "--verify-events" -> verifyEvents = positive(option, value);
                case "--results-dir" -> resultsDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new AuditBenchmark.Options(events, writers, verifyEvents, resultsDirectory);
    }

    private static long positive(String option, String value) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n > 0 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, not '" + value + "'");
    }
}
