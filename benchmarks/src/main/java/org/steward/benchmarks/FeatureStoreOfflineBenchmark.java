package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.benchmarks.Report.Figure;
import org.steward.benchmarks.synthetic.PeerFormats;
import org.steward.benchmarks.synthetic.SyntheticBank;
import org.steward.benchmarks.synthetic.SyntheticDataset;
import org.steward.local.LocalPlatform;
import org.steward.local.StewardService;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A training set of a million entity rows against three feature views holding ten million rows, built by
 * Steward and by Feast's offline retrieval on the same data, timed and compared row for row.
 *
 * <ol>
 *   <li>The seeded {@link SyntheticBank} writes the batches and the entity rows.</li>
 *   <li>Steward, on the embedded platform: the definitions are applied and the batches ingested through the REST
 *       API (timed apart: loading is not what is compared), then the training set is requested with the entity
 *       rows; its figure runs from the request until the job has succeeded — the snapshot committed with its
 *       content hash, ready to download. Its CSV is then downloaded for the comparison.</li>
 *   <li>Feast, in the peers' own Python environment: the same views over the same rows, as Parquet files for
 *       its file offline store and as tables in the same PostgreSQL for its PostgreSQL offline store;
 *       {@code get_historical_features(entity_df, features).to_df()} is timed in each, and its rows are compared
 *       with Steward's by the entity rows' {@code row_id}.</li>
 *   <li>{@link PostgresFloor} then times, on the same server and data, the index lookups and the durable write
 *       that Steward's way of building cannot skip, which bounds how fast such a build could be on this machine.</li>
 * </ol>
 * Memory: the JVM's used heap (which the feature store, running alone, shares with the Kafka broker) and
 * PostgreSQL's proportional set size are sampled while Steward builds; the Feast process reports its own peak
 * resident set, and PostgreSQL's is sampled again while Feast's PostgreSQL store runs its query there.
 */
final class FeatureStoreOfflineBenchmark {

    /**
     * @param customers   null: half the entity rows
     * @param peerTimeout how long each Feast run may take before it is stopped and reported as not finished
     */
    record Options(long entities, long featureRows, Integer customers, long seed, Duration peerTimeout, boolean peers,
                   Peers environment, Path resultsDirectory) {

        int customerCount() {
            return customers != null ? customers : (int) Math.max(1, entities / 2);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(FeatureStoreOfflineBenchmark.class);
    private static final double SPEED_UP_TARGET = 10;
    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(730);
    private static final String FEAST_SCHEMA = "feast_bench";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String UPLOAD = "upload and check of the entity rows";

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    FeatureStoreOfflineBenchmark(Options options) {
        this.options = options;
    }

    /** What one Feast run gave: its result, or why there is none. */
    private record FeastRun(String store, Peers.Outcome outcome, MemorySampler.Peaks postgres) {

        JsonNode result() {
            return outcome instanceof Peers.Outcome.Done done ? done.result() : null;
        }
    }

    void run() throws Exception {
        Instant startedAt = Instant.now();
        double loadBefore = Machine.loadAverage();
        List<String> notes = new ArrayList<>();
        try (TemporaryPlatform run = TemporaryPlatform.create()) {
            log.info("Feature store offline benchmark {}: {} entity rows, {} feature rows, {} customers, seed {}", runId,
                    options.entities(), options.featureRows(), options.customerCount(), options.seed());
            long t = System.nanoTime();
            SyntheticDataset data = SyntheticBank.generate(new SyntheticBank.Options(options.seed(), options.customerCount(),
                    options.entities(), options.featureRows(), END, SPAN), run.dataDirectory().resolve("data"));
            double generateSeconds = seconds(t);

            log.info("Starting the platform on {}", run.dataDirectory());
            LocalPlatform platform = run.start(EnumSet.of(StewardService.FEATURE_STORE));
            ConfigurableApplicationContext featureStore = platform.context(StewardService.FEATURE_STORE);
            JdbcTemplate jdbc = featureStore.getBean(JdbcTemplate.class);
            Machine machine = Machine.describe(jdbc.queryForObject("select current_setting('server_version')", String.class),
                    loadBefore);
            log.info("Machine: {}", machine.summary());
            FeatureStoreClient steward = new FeatureStoreClient(platform.url(StewardService.FEATURE_STORE),
                    platform.issuer().issuer().issue(DemoIdentity.DANA));

            steward.applyDefinitions(data.definitionsYaml());
            double ingestSeconds = ingest(steward, data, run);
            settle(jdbc, data);

            log.info("Steward: building the training set ({} entity rows x {} features)", data.entityRowCount(),
                    data.featureColumns().size());
            MemorySampler.Peaks stewardMemory;
            double stewardSeconds;
            JsonNode trainingSet;
            Phases phases = new Phases();
            try (MemorySampler sampler = MemorySampler.start(run.postgresDirectory())) {
                long requested = System.nanoTime();
                phases.reached(UPLOAD, requested);
                UUID job = steward.requestTrainingSet(SyntheticBank.FEATURE_SERVICE, data.entityRows());
                phases.reached("job queued", requested);
                trainingSet = steward.awaitJob(job, "Steward training set", POLL, run::stopping,
                        state -> phases.reached(state.path("message").asString(state.get("state").asString()), requested));
                stewardSeconds = seconds(requested);
                stewardMemory = sampler.stop();
                log.info("Steward: training set {} of {} rows built in {} s", trainingSet.get("id").asString(),
                        trainingSet.get("rowCount").asLong(), format(stewardSeconds));
            }
            String trainingSetId = trainingSet.get("id").asString();
            Path stewardCsv = run.dataDirectory().resolve("steward-training-set.csv");
            t = System.nanoTime();
            steward.downloadTrainingSet(trainingSetId, stewardCsv);
            double downloadSeconds = seconds(t);
            log.info("Steward: CSV downloaded in {} s ({} MiB)", format(downloadSeconds), Files.size(stewardCsv) >> 20);

            // A service builds many training sets: a second build of the same one shows whether the first paid for
            // anything a running service would not (cold code, cold caches). It must hash the same.
            log.info("Steward: building the same training set again");
            long again = System.nanoTime();
            JsonNode rebuilt = steward.awaitJob(steward.requestTrainingSet(SyntheticBank.FEATURE_SERVICE, data.entityRows()),
                    "Steward training set, again", POLL, run::stopping, state -> { });
            double rebuildSeconds = seconds(again);
            if (!rebuilt.get("contentSha256").equals(trainingSet.get("contentSha256"))) {
                throw new IllegalStateException("the same training set built twice hashed differently: "
                        + trainingSet.get("contentSha256") + " then " + rebuilt.get("contentSha256"));
            }
            log.info("Steward: the same training set built again in {} s, identical content", format(rebuildSeconds));

            String snapshotTable = jdbc.queryForObject("select snapshot_table from training_set where id = ?::uuid",
                    String.class, trainingSetId);
            PostgresFloor.Measured floor = PostgresFloor.measure(jdbc,
                    new TransactionTemplate(featureStore.getBean(PlatformTransactionManager.class)), snapshotTable,
                    END.minus(SPAN), END);
            double floorSeconds = floor.spread(machine.cores());
            Map<String, Double> phaseSeconds = phases.durations(stewardSeconds);
            // The upload is checked whole before a job is accepted, so no build's join can start before it ends.
            double uploadSeconds = phaseSeconds.getOrDefault(UPLOAD, 0.0);

            List<FeastRun> feast = new ArrayList<>();
            Map<String, Object> peerPreparation = new LinkedHashMap<>();
            if (!options.peers()) {
                notes.add("Feast was not run (--no-peers).");
            } else if (options.environment().unavailable().isPresent()) {
                notes.add("Feast was not run: " + options.environment().unavailable().get() + ".");
            } else {
                feast = runFeast(run, platform, data, stewardCsv, peerPreparation);
            }

            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("entityRows", data.entityRowCount());
            parameters.put("featureRows", data.featureRows());
            parameters.put("customers", options.customerCount());
            parameters.put("features", data.featureColumns().size());
            parameters.put("seed", options.seed());
            parameters.put("views", data.describe());
            parameters.put("eventTimes", SPAN.toDays() + " days up to " + END);
            parameters.put("entityRowsAtAFeatureRowsEventTime", data.entityStats().atEventTime());
            parameters.put("entityRowsAtATtlBoundary", data.entityStats().atTtlBoundary());
            parameters.put("generateSeconds", round(generateSeconds));
            parameters.put("stewardIngestSeconds", round(ingestSeconds));
            parameters.put("stewardDownloadSeconds", round(downloadSeconds));
            parameters.put("stewardPhaseSeconds", phaseSeconds);
            parameters.put("floor", PostgresFloor.describe(floor, machine.cores()));
            parameters.putAll(peerPreparation);
            parameters.put("peerTimeoutMinutes", options.peerTimeout().toMinutes());
            feast.stream().map(FeastRun::result).filter(r -> r != null && r.has("versions")).findFirst()
                    .ifPresent(r -> parameters.put("peerVersions", r.get("versions").toString()));

            Report report = new Report("feature-store-offline", runId, startedAt, machine, parameters,
                    figures(stewardSeconds, rebuildSeconds, floorSeconds, uploadSeconds, stewardMemory, feast),
                    notes(machine, data, feast, notes));
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(options.resultsDirectory()));
        }
    }

    /**
     * When each step of Steward's build was first seen, from the request's start: the job's progress messages, as
     * polled, so each boundary is known to within the poll and the job's own reporting interval (under a second).
     */
    private static final class Phases {

        private final Map<String, Double> firstSeen = new LinkedHashMap<>();

        void reached(String step, long startNanos) {
            firstSeen.putIfAbsent(step, seconds(startNanos));
        }

        /** How long each step lasted: from its first sighting to the next one's (the last to {@code total}). */
        Map<String, Double> durations(double total) {
            Map<String, Double> durations = new LinkedHashMap<>();
            List<Map.Entry<String, Double>> steps = new ArrayList<>(firstSeen.entrySet());
            double previous = 0;
            String name = null;
            for (Map.Entry<String, Double> step : steps) {
                if (name != null) {
                    durations.put(name, round(step.getValue() - previous));
                }
                name = step.getKey();
                previous = step.getValue();
            }
            if (name != null) {
                durations.put(name, round(total - previous));
            }
            return durations;
        }
    }

    /** Uploads every batch in order; returns the seconds it took. */
    static double ingest(FeatureStoreClient steward, SyntheticDataset data, TemporaryPlatform run) throws Exception {
        long t = System.nanoTime();
        long rows = 0;
        for (SyntheticDataset.Batch batch : data.batches()) {
            if (run.stopping()) {
                throw new InterruptedException("ingest interrupted");
            }
            long accepted = steward.ingest(batch.view().name(), batch.file());
            if (accepted != batch.rows()) {
                throw new IllegalStateException(batch.file() + ": " + accepted + " rows accepted of " + batch.rows());
            }
            rows += accepted;
            log.info("Steward: ingested {} ({} rows; {} of {} so far, {} s)", batch.file().getFileName(), accepted, rows,
                    data.featureRows(), (System.nanoTime() - t) / 1_000_000_000);
        }
        double seconds = seconds(t);
        log.info("Steward: {} rows ingested in {} s ({} rows/s)", rows, format(seconds), Math.round(rows / seconds));
        return seconds;
    }

    /**
     * Brings the offline tables to the state autovacuum leaves them in within a minute of a bulk load — hint bits
     * set, statistics gathered — as the peers' tables are too, and to the memory of a server in use (see
     * {@link #prewarm}).
     */
    static void settle(JdbcTemplate jdbc, SyntheticDataset data) {
        long t = System.nanoTime();
        for (var view : data.views()) {
            jdbc.execute("vacuum (analyze) offline_" + view.name() + "_v1");
        }
        log.info("Steward: offline tables vacuumed and analysed in {} s", format(seconds(t)));
        prewarm(jdbc, "current_schema()", "offline\\_%");
    }

    /**
     * Reads the tables and indexes named like {@code pattern} in {@code schema} (an SQL expression) into shared
     * buffers with {@code pg_prewarm}, as a server in use holds the tables it keeps being asked for. Each store's
     * tables are warmed before it is timed, Steward's and Feast's alike; cold, Steward's first build read 2.5 GB
     * page by page from the system's cache and took 13.1 s rather than 10.1 s.
     */
    static void prewarm(JdbcTemplate jdbc, String schema, String pattern) {
        long t = System.nanoTime();
        jdbc.execute("create extension if not exists pg_prewarm");
        Long pages = jdbc.queryForObject("select sum(pg_prewarm(c.oid)) from pg_class c where c.relnamespace = "
                + "to_regnamespace(" + schema + ") and c.relkind in ('r', 'i') and c.relname like ?", Long.class, pattern);
        log.info("{} pages of {} read into shared buffers in {} s", pages, pattern, format(seconds(t)));
    }

    private List<FeastRun> runFeast(TemporaryPlatform run, LocalPlatform platform, SyntheticDataset data, Path stewardCsv,
                                    Map<String, Object> preparation) throws Exception {
        Path peers = run.dataDirectory().resolve("peers");
        long t = System.nanoTime();
        Map<String, Path> parquet = PeerFormats.writeParquet(data, peers.resolve("parquet"));
        preparation.put("peerParquetSeconds", round(seconds(t)));
        log.info("Feast: Parquet files written in {} s", format(seconds(t)));

        DataSource dataSource = platform.context(StewardService.FEATURE_STORE).getBean(DataSource.class);
        FeastSpec.Postgres postgres = FeastSpec.Postgres.of(dataSource, platform.postgres().username(),
                platform.postgres().password(), FEAST_SCHEMA);
        t = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
            PeerFormats.loadPostgres(connection, data, FEAST_SCHEMA);
        }
        preparation.put("peerPostgresLoadSeconds", round(seconds(t)));
        log.info("Feast: PostgreSQL tables loaded with COPY, indexed and analysed in {} s", format(seconds(t)));
        prewarm(platform.context(StewardService.FEATURE_STORE).getBean(JdbcTemplate.class), "'" + FEAST_SCHEMA + "'", "%");

        Path spec = new FeastSpec(data, parquet, postgres, stewardCsv, peers).write(peers.resolve("feast-spec.json"));
        List<FeastRun> runs = new ArrayList<>();
        for (String store : List.of("file", "postgres")) {
            log.info("Feast {}: get_historical_features (limit {} min)", store, options.peerTimeout().toMinutes());
            try (MemorySampler sampler = MemorySampler.start(run.postgresDirectory())) {
                Peers.Outcome outcome = options.environment().run("feast " + store, "feast_offline.py",
                        List.of("--spec", spec.toString(), "--store", store), peers.resolve("feast-" + store + "-result.json"),
                        options.peerTimeout(), run::stopping);
                runs.add(new FeastRun(store, outcome, sampler.stop()));
            }
        }
        return runs;
    }

    private static List<Figure> figures(double stewardSeconds, double rebuildSeconds, double floorSeconds, double uploadSeconds,
                                        MemorySampler.Peaks steward, List<FeastRun> feast) {
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.value("Steward: training set, request to snapshot committed", stewardSeconds, "s"));
        figures.add(Figure.value("Steward: the same training set again, same service (identical hash)", rebuildSeconds, "s"));
        figures.add(Figure.value("Floor: lookups and durable write alone, over every core", floorSeconds, "s"));
        double floorWithUpload = floorSeconds + uploadSeconds;
        figures.add(Figure.value("Floor with the entity rows' upload and check before it", floorWithUpload, "s"));
        for (FeastRun run : feast) {
            String name = "Feast " + label(run.store());
            switch (run.outcome()) {
                case Peers.Outcome.Done done -> {
                    double seconds = done.result().get("seconds").asDouble();
                    figures.add(Figure.value(name + ": get_historical_features().to_df()", seconds, "s"));
                    figures.add(speedUp("speed-up over " + name, seconds / stewardSeconds));
                    figures.add(Figure.value("speed-up over " + name + " the floor would allow", seconds / floorSeconds, "x"));
                    figures.add(Figure.value("speed-up over " + name + " the floor with the upload would allow",
                            seconds / floorWithUpload, "x"));
                }
                case Peers.Outcome.TimedOut timedOut -> {
                    double limit = timedOut.limit().toSeconds();
                    figures.add(Figure.value(name + ": not finished after (s)", limit, "s"));
                    figures.add(speedUp("speed-up over " + name + " (at least)", limit / stewardSeconds));
                }
                case Peers.Outcome.Failed failed -> figures.add(Figure.value(name + ": failed, exit code", failed.exitCode(), ""));
            }
        }
        figures.add(mib("Steward: JVM used heap, peak while building", steward.heapPeak()));
        figures.add(mib("Steward: JVM used heap, before", steward.heapBaseline()));
        if (steward.postgresPeak() >= 0) {
            figures.add(mib("Steward: PostgreSQL memory (PSS), peak while building", steward.postgresPeak()));
            figures.add(mib("Steward: PostgreSQL memory (PSS), before", steward.postgresBaseline()));
        }
        for (FeastRun run : feast) {
            JsonNode result = run.result();
            if (result == null) {
                continue;
            }
            String name = "Feast " + label(run.store());
            figures.add(mib(name + ": Python peak RSS", result.get("peakRssBytes").asLong()));
            figures.add(mib(name + ": Python RSS before the call", result.get("rssBeforeBytes").asLong()));
            if (run.store().equals("postgres") && run.postgres().postgresPeak() >= 0) {
                figures.add(mib(name + ": PostgreSQL memory (PSS), peak", run.postgres().postgresPeak()));
            }
            JsonNode comparison = result.get("comparison");
            long differing = comparison.path("rowsMissingFromFeast").asLong() + comparison.path("rowsOnlyInFeast").asLong()
                    + comparison.path("duplicateRowsInFeast").asLong() + comparison.path("rowsWithDifferentValues").asLong();
            figures.add(new Figure(name + ": rows not identical to Steward's", differing, "rows", null, null, 0.0,
                    Report.Goal.AT_MOST, differing == 0 ? Report.Verdict.PASS : Report.Verdict.BELOW));
        }
        return figures;
    }

    private static List<String> notes(Machine machine, SyntheticDataset data, List<FeastRun> feast, List<String> notes) {
        List<String> all = new ArrayList<>();
        if (machine.busy()) {
            all.add(String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on %d cores): other"
                    + " processes competed for the cores.", machine.loadBefore(), machine.cores()));
        }
        all.add("Same data for every tool: the Parquet files and the Feast PostgreSQL tables are made from the CSV batches"
                + " Steward ingests; each batch's rows carry its load time as Feast's created_timestamp, in ingest order, as"
                + " Steward stamps its own created time at ingest - so both break the ties of " + data.views().stream()
                .filter(v -> v.correctionRate() > 0).count() + " views' corrections the same way.");
        all.add("Steward's time runs from the POST of the entity rows (CSV) to the job's success: upload, checks, the"
                + " point-in-time join in PostgreSQL, the snapshot table written and its content hash; Feast's from the"
                + " call to the pandas frame in memory (for its PostgreSQL store: entity rows uploaded, query, fetch).");
        all.add("Both PostgreSQL stores' tables and indexes, Steward's offline tables and Feast's, are read into shared"
                + " buffers (pg_prewarm) before they are timed, as a server in use holds the tables it keeps being asked for."
                + " The same training set is then built a second time by the same service, and must hash the same.");
        all.add("Floor: the index lookups alone (one per entity row and view, index-only, no value fetched) and a"
                + " durable copy of the snapshot's rows, each timed on one PostgreSQL backend and shared perfectly over the"
                + " cores, without the upload, the values, the content hash or the key. No build that looks each row up"
                + " through the index and keeps its snapshot in PostgreSQL durably can be faster on this machine; see"
                + " PostgresFloor. Nor can it start before the entity rows are uploaded and checked whole (Steward's"
                + " first step, as measured in this run): the floor with the upload adds that step's seconds.");
        all.add("Memory: the JVM hosts the feature store and the Kafka broker, so its heap is an upper bound for the"
                + " feature store alone; used heap includes garbage not yet collected. PostgreSQL's figure is the sum of the PSS"
                + " of its processes (shared buffers counted once). Feast's is its Python process's peak RSS.");
        for (FeastRun run : feast) {
            String name = "Feast " + label(run.store());
            switch (run.outcome()) {
                case Peers.Outcome.Done done -> all.add(name + ": " + describe(done.result().get("comparison")));
                case Peers.Outcome.TimedOut timedOut -> all.add(name + " did not finish within " + timedOut.limit().toMinutes()
                        + " min and was stopped; its speed-up is a lower bound. Rerun at a smaller scale (--entities,"
                        + " --feature-rows) to compare both tools where Feast finishes.");
                case Peers.Outcome.Failed failed -> all.add(name + " failed (exit code " + failed.exitCode() + "); its last"
                        + " lines: " + failed.lastLines().replace('\n', ' '));
            }
        }
        if (feast.stream().anyMatch(r -> r.store().equals("file") && r.result() != null
                && r.result().get("comparison").path("rowsMissingFromFeast").asLong() > 0)) {
            all.add("Feast's file offline store (Dask) drops an entity row when its customer has rows in a view but none in"
                    + " the row's window [T - ttl, T]: it merges every feature row of the key, filters by the window and keeps"
                    + " the rows that survive, so a key whose rows all fall outside leaves nothing (Feast's documentation says"
                    + " such rows are kept, unjoined). It also collapses entity rows sharing a key and time (feast-dev/feast"
                    + "#6787); the synthetic entity rows never share one, so that bug is not what differs here.");
        }
        all.addAll(notes);
        return all;
    }

    private static String describe(JsonNode c) {
        if (c.has("problem")) {
            return c.get("problem").asString();
        }
        if (c.get("identical").asBoolean()) {
            return String.format(Locale.ROOT, "identical to Steward's training set: %,d rows, every value equal.",
                    c.get("rowsCompared").asLong());
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "NOT identical: Steward %,d rows, Feast %,d; %,d of Steward's rows missing from Feast's output%s, %,d only in"
                        + " Feast's, %,d duplicated; of the %,d rows both have, %,d differ in some value",
                c.get("stewardRows").asLong(), c.get("feastRows").asLong(), c.get("rowsMissingFromFeast").asLong(),
                c.get("firstRowsMissingFromFeast").isEmpty() ? "" : " (first row_ids " + c.get("firstRowsMissingFromFeast") + ")",
                c.get("rowsOnlyInFeast").asLong(), c.get("duplicateRowsInFeast").asLong(), c.get("rowsCompared").asLong(),
                c.get("rowsWithDifferentValues").asLong()));
        JsonNode ties = c.path("differingViewRowsAtTies");
        if (!ties.isEmpty()) {
            List<String> views = new ArrayList<>();
            ties.properties().forEach(e -> views.add(String.format(Locale.ROOT, "%s %,d of %,d", e.getKey(),
                    e.getValue().get("atTies").asLong(), e.getValue().get("rows").asLong())));
            text.append("; rows whose latest candidate is a tie of event times, broken by the created time: ")
                    .append(String.join(", ", views));
        }
        if (!c.get("differencesByColumn").isEmpty()) {
            text.append(" (by column: ").append(c.get("differencesByColumn")).append("; first: ")
                    .append(c.get("firstDifferences")).append(')');
        }
        return text.append('.').toString();
    }

    private static String label(String store) {
        return store.equals("file") ? "file store (Dask)" : "PostgreSQL store";
    }

    private static Figure speedUp(String measure, double ratio) {
        return new Figure(measure, ratio, "x", null, null, SPEED_UP_TARGET, Report.Goal.AT_LEAST,
                ratio >= SPEED_UP_TARGET ? Report.Verdict.PASS : Report.Verdict.BELOW);
    }

    private static Figure mib(String measure, long bytes) {
        return Figure.value(measure, bytes / (1024.0 * 1024), "MiB");
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
