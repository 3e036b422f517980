package org.steward.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.benchmarks.Report.Figure;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.chain.AuditExportVerifier;
import org.steward.commons.audit.chain.ChainVerification;
import org.steward.commons.audit.chain.Checkpoint;
import org.steward.governance.audit.AuditTrail;
import org.steward.local.LocalPlatform;
import org.steward.local.StewardService;
import org.steward.testsupport.identity.DemoIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast the regulatory trail grows and how fast it can be checked, on the embedded platform with every part
 * real: the model registry records audit events through its {@link AuditLog} in its own transactions, its
 * outbox relay publishes them to Kafka, and the governance service appends them to the hash chain.
 *
 * <ol>
 *   <li>Latency: a run paced well below saturation, from each event's time to its insertion into the chain.</li>
 *   <li>Append, end to end: writer threads record events one per transaction (as a state change does), as fast
 *       as they can, and the clock runs from the first write until the chain holds every one of them. The same
 *       again with ten per transaction, for comparison.</li>
 *   <li>Verify: {@link AuditTrail#verify()} over the whole chain (what {@code GET /api/v1/audit/verify} runs),
 *       then an export through the REST API and its offline check with the public key alone.</li>
 * </ol>
 * Every path is warmed up on a small chain before it is timed; verifications are timed five times and the
 * median reported.
 */
final class AuditBenchmark {

    /**
     * @param verifyEvents the chain length to verify; when the append runs leave it shorter, it is filled up
     *                     first. Null: the chain as the append runs left it.
     */
    record Options(int events, int writers, Long verifyEvents, Path resultsDirectory) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditBenchmark.class);

    private static final double APPEND_TARGET = 2_000;
    private static final double VERIFY_TARGET = 100_000;
    private static final int WARM_UP_EVENTS = 2_000;
    private static final int BATCHED_PER_TRANSACTION = 10;
    private static final int PACED_EVENTS = 10_000;
    private static final double PACED_RATE = 1_000;
    private static final int FILL_PER_TRANSACTION = 500;
    private static final int TIMED_RUNS = 5;
    private static final String ACTION = "benchmark.model.registered";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    /** The after-state of each recorded event: the shape and size of a real model registration. */
    record BenchmarkModel(String name, String useCase, int riskTier, String owner, String description,
                          Instant createdAt, String createdBy) {
    }

    /** One append run: its events, how many share a transaction, and their pace (0: as fast as they go). */
    private record Load(String phase, int events, int perTransaction, double eventsPerSecond) {
    }

    /** What one append run measured; latencies are from the event's time to its insertion into the chain. */
    private record AppendRun(long events, double writeSeconds, double endToEndSeconds, double p50Millis,
                             double p99Millis) {
    }

    /** A timed action that returns how many events it processed. */
    @FunctionalInterface
    private interface Counted {
        long run() throws Exception;
    }

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();

    private TemporaryPlatform run;
    private LocalPlatform platform;
    private AuditLog audit;
    private TransactionTemplate transactions;
    private MeterRegistry registryMeters;
    private MeterRegistry governanceMeters;
    private JdbcTemplate chainDb;
    private AuditTrail trail;

    AuditBenchmark(Options options) {
        this.options = options;
    }

    /** Starts the platform on a fresh temporary directory, measures, prints and saves the report, cleans up. */
    void run() throws Exception {
        Instant startedAt = Instant.now();
        double loadBefore = Machine.loadAverage();
        try (TemporaryPlatform run = TemporaryPlatform.create()) {
            this.run = run;
            log.info("Audit benchmark {}: starting the platform on {}", runId, run.dataDirectory());
            platform = run.start();
            Report report = measure(startedAt, loadBefore, run.dataDirectory().resolve("audit-export.json"));
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(options.resultsDirectory()));
        }
    }

    /** @param export where the export goes: inside the data directory, so it goes with it */
    private Report measure(Instant startedAt, double loadBefore, Path export) throws Exception {
        ConfigurableApplicationContext registry = platform.context(StewardService.MODEL_REGISTRY);
        ConfigurableApplicationContext governance = platform.context(StewardService.GOVERNANCE);
        audit = registry.getBean(AuditLog.class);
        transactions = registry.getBean(TransactionTemplate.class);
        registryMeters = registry.getBean(MeterRegistry.class);
        governanceMeters = governance.getBean(MeterRegistry.class);
        chainDb = governance.getBean(JdbcTemplate.class);
        trail = governance.getBean(AuditTrail.class);
        Machine machine = Machine.describe(chainDb.queryForObject("select current_setting('server_version')", String.class),
                loadBefore);
        log.info("Machine: {}", machine.summary());

        int warmUp = Math.min(options.events(), WARM_UP_EVENTS);
        append(new Load("warm-up", warmUp, 1, 0));
        log.info("Warming up verification on the {}-event chain", chainSize());
        verifyInDatabase();
        exportChain(export);
        verifyOffline(export);

        AppendRun paced = append(new Load("paced", Math.min(options.events(), PACED_EVENTS), 1, PACED_RATE));
        AppendRun single = append(new Load("single", options.events(), 1, 0));
        AppendRun batched = append(new Load("batched", options.events(), BATCHED_PER_TRANSACTION, 0));
        fillChain();
        Checkpoint checkpoint = signCheckpoint();
        settleChainTable();

        long chainEvents = chainSize();
        List<Figure> figures = new ArrayList<>(appendFigures(paced, single, batched));
        figures.addAll(verificationFigures(export, chainEvents));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("events", options.events());
        parameters.put("writers", options.writers());
        parameters.put("warmUpEvents", warmUp);
        parameters.put("pacedEvents", paced.events());
        parameters.put("chainEvents", chainEvents);
        parameters.put("checkpointAt", checkpoint.sequence());
        parameters.put("timedVerifications", TIMED_RUNS);
        return new Report("audit", runId, startedAt, machine, parameters, figures, notes(machine));
    }

    private static List<Figure> appendFigures(AppendRun paced, AppendRun single, AppendRun batched) {
        String pace = String.format(Locale.ROOT, " at %,.0f events/s", PACED_RATE);
        return List.of(
                Figure.rate("append end to end, 1 event per transaction", single.events(), single.endToEndSeconds(),
                        APPEND_TARGET),
                Figure.rate("writers' commit rate alone, 1 event per transaction", single.events(),
                        single.writeSeconds(), null),
                Figure.rate("append end to end, " + BATCHED_PER_TRANSACTION + " events per transaction",
                        batched.events(), batched.endToEndSeconds(), null),
                Figure.rate("writers' commit rate alone, " + BATCHED_PER_TRANSACTION + " events per transaction",
                        batched.events(), batched.writeSeconds(), null),
                Figure.value("event -> chain latency p50" + pace, paced.p50Millis(), "ms"),
                Figure.value("event -> chain latency p99" + pace, paced.p99Millis(), "ms"));
    }

    private List<Figure> verificationFigures(Path export, long chainEvents) throws Exception {
        return List.of(
                median("verify the chain in the database (AuditTrail.verify)", TIMED_RUNS, VERIFY_TARGET,
                        this::verifyInDatabase),
                median("export the chain (GET /api/v1/audit/export)", 1, null, () -> {
                    exportChain(export);
                    return chainEvents;
                }),
                median("verify the export offline (AuditExportVerifier)", TIMED_RUNS, VERIFY_TARGET,
                        () -> verifyOffline(export)));
    }

    private static List<String> notes(Machine machine) {
        List<String> notes = new ArrayList<>();
        if (machine.busy()) {
            notes.add(String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on %d"
                    + " cores): other processes competed for the cores, so these figures understate it.",
                    machine.loadBefore(), machine.cores()));
        }
        notes.add("End to end runs from the first write until the governance chain holds every event; the five"
                + " services, PostgreSQL and the Kafka broker share this machine's cores.");
        notes.add("Latency runs from an event's time (set in the writer's transaction, just before it commits) to"
                + " its insertion into the chain, on a run paced below saturation; the runs at full speed queue"
                + " events, so their latency would only measure the backlog.");
        notes.add("Verification is timed after VACUUM (ANALYZE) of the chain table, the state autovacuum leaves it"
                + " in within a minute of a bulk write.");
        notes.add("No peer is measured here: none of the open-source peers (Feast, MLflow, Evidently) keeps a"
                + " hash-chained audit trail; they apply to the feature, serving and monitoring benchmarks.");
        return notes;
    }

    /**
     * Records the load's audit events from the writer threads and waits until the governance chain holds all of
     * them, logging progress every two seconds.
     */
    private AppendRun append(Load load) throws InterruptedException {
        String prefix = "bench/" + runId + "/" + load.phase() + "/";
        log.info("{}: recording {} audit events from {} writers, {} per transaction{}", load.phase(), load.events(),
                options.writers(), load.perTransaction(),
                load.eventsPerSecond() > 0 ? ", paced at " + (long) load.eventsPerSecond() + " events/s" : "");
        double published0 = count(registryMeters, "steward.outbox.published");
        double chained0 = count(governanceMeters, "steward.audit.appended");
        AtomicLong written = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> writers = startWriters(load, prefix, start, written, failure);
        long writesDone = 0;
        long lastLog = start;
        long lastAdvance = start;
        double lastChained = 0;
        while (true) {
            if (run.stopping()) {
                throw new InterruptedException(load.phase() + ": interrupted");
            }
            if (failure.get() != null) {
                throw new IllegalStateException(load.phase() + ": a writer failed: " + failure.get().getMessage(),
                        failure.get());
            }
            long now = System.nanoTime();
            if (writesDone == 0 && writers.stream().noneMatch(Thread::isAlive)) {
                writesDone = now;
            }
            double chained = count(governanceMeters, "steward.audit.appended") - chained0;
            // The counter moves just before the chain's transaction commits; the chain itself has the last word.
            if (writesDone != 0 && chained >= load.events() && chainCount(prefix) >= load.events()) {
                break;
            }
            if (chained > lastChained) {
                lastChained = chained;
                lastAdvance = now;
            } else if (now - lastAdvance > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException(load.phase() + ": the chain has not grown for "
                        + STALL_LIMIT.toSeconds() + " s; it holds " + chainCount(prefix) + " of " + load.events()
                        + " events");
            }
            if (now - lastLog >= PROGRESS_EVERY.toNanos()) {
                lastLog = now;
                log.info("{}: written {}/{}, published {}, chained {} ({} s)", load.phase(), written.get(),
                        load.events(), (long) (count(registryMeters, "steward.outbox.published") - published0),
                        (long) chained, (now - start) / 1_000_000_000);
            }
            Thread.sleep(20);
        }
        AppendRun run = new AppendRun(load.events(), seconds(start, writesDone), seconds(start, System.nanoTime()),
                latencyMillis(prefix, 0.5), latencyMillis(prefix, 0.99));
        log.info("{}: {} events chained in {} s ({} events/s end to end; writers alone {} events/s; event -> chain"
                        + " p50 {} ms, p99 {} ms)", load.phase(), load.events(),
                String.format(Locale.ROOT, "%.1f", run.endToEndSeconds()), Math.round(load.events() / run.endToEndSeconds()),
                Math.round(load.events() / run.writeSeconds()), Math.round(run.p50Millis()), Math.round(run.p99Millis()));
        return run;
    }

    /**
     * Starts the writers: each takes the next transaction's share of events and records them in the model
     * registry's own transaction, as a state change would, at the load's pace if it has one.
     */
    private List<Thread> startWriters(Load load, String prefix, long start, AtomicLong written,
                                      AtomicReference<RuntimeException> failure) {
        AtomicInteger next = new AtomicInteger();
        Instant createdAt = Instant.now();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < options.writers(); w++) {
            writers.add(Thread.ofPlatform().name("bench-writer-" + w).start(() -> {
                try {
                    for (int from = next.getAndAdd(load.perTransaction()); from < load.events() && !run.stopping();
                         from = next.getAndAdd(load.perTransaction())) {
                        if (load.eventsPerSecond() > 0) {
                            long due = start + (long) (from * 1e9 / load.eventsPerSecond());
                            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        int first = from;
                        int end = Math.min(load.events(), from + load.perTransaction());
                        transactions.executeWithoutResult(tx -> {
                            for (int i = first; i < end; i++) {
                                audit.record(ACTION, prefix + i, null, new BenchmarkModel("bench-model-" + i, "credit",
                                        1 + i % 3, "dana", "Application scorecard for consumer loans", createdAt,
                                        "dana"), null);
                            }
                        });
                        written.addAndGet(end - first);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        return writers;
    }

    /** Fills the chain up to {@code --verify-events} through the same path, in large transactions. */
    private void fillChain() throws InterruptedException {
        if (options.verifyEvents() == null) {
            return;
        }
        long size = chainSize();
        if (options.verifyEvents() <= size) {
            log.info("The chain already holds {} events, at least the {} asked for verification; verifying all of them",
                    size, options.verifyEvents());
            return;
        }
        append(new Load("fill", (int) (options.verifyEvents() - size), FILL_PER_TRANSACTION, 0));
    }

    /** Signs the head, as an operator would before an export, and waits for the signing's own audit event. */
    private Checkpoint signCheckpoint() throws InterruptedException {
        Checkpoint checkpoint = trail.checkpoint();
        long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
        while (chainSize() <= checkpoint.sequence()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the checkpoint's audit event did not reach the chain");
            }
            Thread.sleep(20);
        }
        log.info("Signed a checkpoint at event {}; the chain holds {} events", checkpoint.sequence(), chainSize());
        return checkpoint;
    }

    /**
     * Brings the chain table to the state autovacuum leaves it in within a minute of a bulk write: with statistics
     * and a visibility map. Straight after the write PostgreSQL has neither, and sorts the whole table on disk to
     * read it in sequence order instead of walking its primary key.
     */
    private void settleChainTable() {
        long start = System.nanoTime();
        chainDb.execute("vacuum (analyze) audit_chain");
        log.info("Vacuumed and analysed the chain table in {} s", String.format(Locale.ROOT, "%.1f",
                seconds(start, System.nanoTime())));
    }

    private long verifyInDatabase() {
        return intactCount(trail.verify().chain(), "the chain in the database");
    }

    /** Downloads the export as an auditor does, with an auditor's token. */
    private void exportChain(Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url(StewardService.GOVERNANCE) + "/api/v1/audit/export"))
                .header("Authorization", "Bearer " + platform.issuer().issuer().issue(DemoIdentity.AUDREY))
                .build();
        HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/audit/export answered " + response.statusCode());
        }
    }

    /** Checks the export with the public key alone; returns how many events it verified. */
    private long verifyOffline(Path file) throws IOException {
        PublicKey key = trail.keys().publicKey();
        try (InputStream in = Files.newInputStream(file)) {
            return intactCount(AuditExportVerifier.verify(in, key).chain(), "the export");
        }
    }

    /**
     * Runs {@code action} {@code runs} times and reports the median rate. Each run starts after a collection, so
     * it pays for its own garbage rather than for what the append runs left behind.
     */
    private Figure median(String measure, int runs, Double target, Counted action) throws Exception {
        double[] seconds = new double[runs];
        long events = 0;
        for (int run = 0; run < runs; run++) {
            System.gc();
            long start = System.nanoTime();
            events = action.run();
            seconds[run] = seconds(start, System.nanoTime());
            log.info("{}: {} events in {} s", measure, events, String.format(Locale.ROOT, "%.2f", seconds[run]));
        }
        Arrays.sort(seconds);
        return Figure.rate(measure, events, seconds[runs / 2], target);
    }

    private static long intactCount(ChainVerification verification, String what) {
        if (verification instanceof ChainVerification.Intact intact) {
            return intact.count();
        }
        throw new IllegalStateException("verification of " + what + " failed: " + verification);
    }

    private long chainSize() {
        return chainDb.queryForObject("select count(*) from audit_chain", Long.class);
    }

    private long chainCount(String prefix) {
        return chainDb.queryForObject("select count(*) from audit_chain where subject like ?", Long.class, prefix + "%");
    }

    private double latencyMillis(String prefix, double percentile) {
        return chainDb.queryForObject("""
                select 1000 * extract(epoch from percentile_cont(?) within group (order by recorded_at - event_time))
                from audit_chain where subject like ?""", Double.class, percentile, prefix + "%");
    }

    private static double count(MeterRegistry meters, String counter) {
        return meters.get(counter).counter().count();
    }

    private static double seconds(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e9;
    }
}
