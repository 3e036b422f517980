package org.steward.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command per benchmark: {@code java -jar steward-benchmarks-exec.jar audit|reason-codes|scoring|
 * lineage-overhead|feature-store-offline|feature-store-online [options]}. Each logs its progress, prints its figures
 * beside their targets and the machine they ran on, and writes them as JSON under {@code benchmarks/results/}. The audit and feature-store benchmarks
 * start the embedded platform on a fresh temporary data directory (the feature-store ones run Feast beside it, from
 * the peers' own Python environment), and the lineage-overhead benchmark trains through it; the reason-codes and
 * scoring benchmarks run in this JVM alone, beside the project's Python.
 *
 * <p>Exit codes: 0 when the benchmark ran (figures below target are a result, not a failure), 1 when it could
 * not run or the platform misbehaved (e.g. the chain did not verify), 2 for a usage error, 128 + the signal's
 * number when interrupted.
 */
public final class Benchmarks {

    static final String USAGE = """
            Usage: steward-benchmarks audit [--events N] [--writers N] [--verify-events N] [--results-dir DIR]
                   steward-benchmarks reason-codes [--iterations N] [--trees N] [--depth N] [--results-dir DIR]
                   steward-benchmarks scoring [--rows N] [--trees N] [--depth N] [--results-dir DIR]
                   steward-benchmarks lineage-overhead [--rows N] [--feature-rows N] [--seed N] [--results-dir DIR]
                   steward-benchmarks feature-store-offline [--entities N] [--feature-rows N] [--customers N]
                                      [--seed N] [--peer-timeout-minutes N] [--peers true|false] [--results-dir DIR]
                   steward-benchmarks feature-store-online [--customers N] [--feature-rows N] [--rate N] [--seconds N]
                                      [--warm-up-seconds N] [--seed N] [--peers true|false] [--results-dir DIR]

              audit         audit events appended per second end to end (service -> outbox -> Kafka -> chain),
                            and chain verification speed (in the database and offline from an export)

                --events N         events each append run records (default 50000)
                --writers N        threads recording them, one event per transaction (default 4)
                --verify-events N  length of the chain to verify: when longer than the append runs left it,
                                   the chain is first filled up through the same path, in batches
                                   (default: the chain as the append runs left it)

              reason-codes  explanation and adverse-action reason codes for one applicant from an XGBoost model
                            (exact TreeSHAP, in-process), beside XGBoost4J's native contributions and Python shap

                --iterations N     timed calls after the warm-up (default 20000)
                --trees N          boosting rounds of the model (default 500)
                --depth N          the trees' maximum depth (default 6, XGBoost's default)

              scoring       runtime scoring latency per row (p50/p99/max) of an XGBoost model and the same model in
                            ONNX through model-runtime, beside xgboost and onnxruntime in Python row by row, and
                            the agreement of all four on every row's probability (target 1e-6)

                --rows N           rows scored one at a time on each path (default 20000)
                --trees N          boosting rounds of the model (default 500)
                --depth N          the trees' maximum depth (default 6)

              lineage-overhead  a scorecard trained by the training pipeline on a synthetic training set through the
                            embedded platform: lineage capture and registration time as a share of training time
                            (target at most 5%)

                --rows N           entity rows of the training set (default 1000000)
                --feature-rows N   rows over the three feature views (default: as many as the entity rows)
                --seed N           the generator's seed (default 42)

              feature-store-offline  a training set (point-in-time join) over the seeded synthetic bank, built by
                            Steward and by Feast's file and PostgreSQL offline stores, timed and compared row for row

                --entities N       entity rows of the training set (default 1000000)
                --feature-rows N   rows over the three feature views (default 10000000)
                --customers N      customers the rows spread over (default: half the entity rows)
                --seed N           the generator's seed (default 42)
                --peer-timeout-minutes N  how long each Feast run may take (default 30)
                --peers true|false whether to run Feast beside Steward (default true; needs make peers-env)

              feature-store-online   one entity x 30 features over HTTP at a steady rate, latency percentiles
                            (open loop), beside Feast's feature server (feast serve, SQLite online store)

                --customers N      customers (default 100000)
                --feature-rows N   rows over the three feature views (default 1000000)
                --rate N           requests per second (default 1000)
                --seconds N        length of the measured run (default 30)
                --warm-up-seconds N  length of the warm-up at the same rate (default 30: the JIT compiler is
                                   still busy for the first 20 s or so at this rate)
                --seed N           the generator's and the requests' seed (default 42)
                --peers true|false whether to measure Feast too (default true; needs make peers-env)

              --results-dir DIR  where the JSON results go (default benchmarks/results)
            """;

    /** A parsed command, ready to run. */
    @FunctionalInterface
    interface Benchmark {
        void run() throws Exception;
    }

    private Benchmarks() {
    }

    public static void main(String[] args) {
        Benchmark benchmark;
        try {
            benchmark = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("steward-benchmarks: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (benchmark == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            benchmark.run();
        } catch (InterruptedException e) {
            System.err.println("steward-benchmarks: interrupted; the platform was stopped and its data deleted");
            System.exit(130);
        } catch (Exception e) {
            System.err.println("steward-benchmarks: the " + args[0] + " benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // A library thread that outlives the platform must not keep the JVM from ending after the report.
        System.exit(0);
    }

    /** The benchmark the arguments ask for, or null when help was asked for. */
    static Benchmark parse(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            return null;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "audit" -> {
                Map<String, String> values = options(rest, Set.of("--events", "--writers", "--verify-events"));
                var options = new AuditBenchmark.Options(
                        (int) positive(values, "--events", 50_000),
                        (int) positive(values, "--writers", 4),
                        values.containsKey("--verify-events") ? positive(values, "--verify-events", 0) : null,
                        resultsDirectory(values));
                yield () -> new AuditBenchmark(options).run();
            }
            case "reason-codes" -> {
                Map<String, String> values = options(rest, Set.of("--iterations", "--trees", "--depth"));
                var options = new ReasonCodesBenchmark.Options(
                        (int) positive(values, "--iterations", 20_000),
                        (int) positive(values, "--trees", 500),
                        (int) positive(values, "--depth", 6),
                        resultsDirectory(values));
                yield () -> new ReasonCodesBenchmark(options).run();
            }
            case "scoring" -> {
                Map<String, String> values = options(rest, Set.of("--rows", "--trees", "--depth"));
                var options = new ScoringBenchmark.Options(
                        (int) positive(values, "--rows", 20_000),
                        (int) positive(values, "--trees", 500),
                        (int) positive(values, "--depth", 6),
                        resultsDirectory(values));
                yield () -> new ScoringBenchmark(options).run();
            }
            case "lineage-overhead" -> {
                Map<String, String> values = options(rest, Set.of("--rows", "--feature-rows", "--seed"));
                long rows = positive(values, "--rows", 1_000_000);
                var options = new LineageOverheadBenchmark.Options(
                        rows,
                        positive(values, "--feature-rows", rows),
                        positive(values, "--seed", 42),
                        resultsDirectory(values));
                yield () -> new LineageOverheadBenchmark(options).run();
            }
            case "feature-store-offline" -> {
                Map<String, String> values = options(rest, Set.of("--entities", "--feature-rows", "--customers", "--seed",
                        "--peer-timeout-minutes", "--peers"));
                var options = new FeatureStoreOfflineBenchmark.Options(
                        positive(values, "--entities", 1_000_000),
                        positive(values, "--feature-rows", 10_000_000),
                        values.containsKey("--customers") ? (int) positive(values, "--customers", 0) : null,
                        positive(values, "--seed", 42),
                        Duration.ofMinutes(positive(values, "--peer-timeout-minutes", 30)),
                        bool(values, "--peers", true),
                        new Peers(Peers.DEFAULT_VENV, Peers.DEFAULT_SCRIPTS),
                        resultsDirectory(values));
                yield () -> new FeatureStoreOfflineBenchmark(options).run();
            }
            case "feature-store-online" -> {
                Map<String, String> values = options(rest, Set.of("--customers", "--feature-rows", "--rate", "--seconds",
                        "--warm-up-seconds", "--seed", "--peers"));
                var options = new FeatureStoreOnlineBenchmark.Options(
                        (int) positive(values, "--customers", 100_000),
                        positive(values, "--feature-rows", 1_000_000),
                        positive(values, "--rate", 1_000),
                        Duration.ofSeconds(positive(values, "--seconds", 30)),
                        Duration.ofSeconds(positive(values, "--warm-up-seconds", 30)),
                        positive(values, "--seed", 42),
                        bool(values, "--peers", true),
                        new Peers(Peers.DEFAULT_VENV, Peers.DEFAULT_SCRIPTS),
                        resultsDirectory(values));
                yield () -> new FeatureStoreOnlineBenchmark(options).run();
            }
            default -> throw new IllegalArgumentException("unknown benchmark '" + args.getFirst()
                    + "'; the ones there are: audit, reason-codes, scoring, lineage-overhead, "
                    + "feature-store-offline, feature-store-online");
        };
    }

    /** {@code --name value} pairs, each name one of {@code allowed} or {@code --results-dir}. */
    private static Map<String, String> options(List<String> args, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            boolean known = allowed.contains(option) || option.equals("--results-dir");
            if (!known) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            values.put(option, rest.removeFirst());
        }
        return values;
    }

    private static Path resultsDirectory(Map<String, String> values) {
        return Path.of(values.getOrDefault("--results-dir", Path.of("benchmarks", "results").toString()));
    }

    private static boolean bool(Map<String, String> values, String option, boolean otherwise) {
        String value = values.getOrDefault(option, Boolean.toString(otherwise));
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(option + " must be true or false, not '" + value + "'");
        };
    }

    private static long positive(Map<String, String> values, String option, long otherwise) {
        String value = values.get(option);
        if (value == null) {
            return otherwise;
        }
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
