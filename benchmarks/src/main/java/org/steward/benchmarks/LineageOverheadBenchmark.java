package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.benchmarks.Report.Figure;
import org.steward.benchmarks.synthetic.SyntheticBank;
import org.steward.benchmarks.synthetic.SyntheticDataset;
import org.steward.local.LocalPlatform;
import org.steward.local.StewardService;
import org.steward.testsupport.identity.DemoIdentity;
import org.steward.training.FeatureStore;
import org.steward.training.ModelRegistry;
import org.steward.training.Step;
import org.steward.training.TrainingPipeline;
import org.steward.training.TrainingSet;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What lineage and registration cost beside training, on a synthetic training set of a million rows: a WoE
 * scorecard (IRLS) trained by the real training pipeline ({@link TrainingPipeline}, as {@code steward train} runs
 * it) against the embedded platform — the training set built by the feature store's point-in-time join, the version
 * registered in the model registry with its artifact, lineage and audit events.
 *
 * <p>The pipeline times its own steps. Training is {@code split}, {@code preprocess}, {@code fit}, {@code score},
 * {@code evaluate} and {@code profile}; lineage and registration are {@code lineage} (git commit and status,
 * environment, the canonical lineage document) and {@code register} (the multipart upload: artifact store, version,
 * lineage hash, outbox and audit), plus the SHA-256 of the snapshot, which the {@code download} step computes while
 * the bytes stream by and which is timed here apart, over the same bytes.
 *
 * <p>The pipeline runs twice on the same spec and the second run is measured: the first meets services that have
 * just started, whose first multipart upload runs on cold code, which a registry in service never does.
 *
 * <p>The label is a logistic function of features the join gives each entity row, so the data is built in two
 * passes: a first training set without a label, from which the label of every entity row is drawn (seeded), then the
 * pipeline's own run on the labelled entity rows.
 */
final class LineageOverheadBenchmark {

    /**
     * @param rows        entity rows of the training set
     * @param featureRows rows over the three feature views
     */
    record Options(long rows, long featureRows, long seed, Path resultsDirectory) {

        int customers() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, rows / 4));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LineageOverheadBenchmark.class);

    static final double TARGET_SHARE = 0.05;
    private static final String MODEL = "synthetic-bank-scorecard";
    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(730);
    /** The pipeline's steps that are training, in their order. */
    static final List<String> TRAINING_STEPS = List.of("split", "preprocess", "fit", "score", "evaluate", "profile");
    /** Its steps that are lineage capture and registration. */
    static final List<String> LINEAGE_STEPS = List.of("lineage", "register");

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    LineageOverheadBenchmark(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Instant startedAt = Instant.now();
        double loadBefore = Machine.loadAverage();
        // The spec lives in the repository (under the build's own target/, which git ignores), as in CI: the lineage
        // step then records a real commit and a real `git status`.
        Path specDirectory = ProjectPython.root().resolve("benchmarks/target/lineage-overhead-" + runId);
        try (TemporaryPlatform run = TemporaryPlatform.create()) {
            log.info("Lineage-overhead benchmark {}: {} entity rows, {} feature rows, {} customers, seed {}", runId,
                    options.rows(), options.featureRows(), options.customers(), options.seed());
            long t = System.nanoTime();
            SyntheticDataset data = SyntheticBank.generate(new SyntheticBank.Options(options.seed(), options.customers(),
                    options.rows(), options.featureRows(), END, SPAN), run.dataDirectory().resolve("data"));
            double generateSeconds = FeatureStoreOfflineBenchmark.seconds(t);

            log.info("Starting the platform on {}", run.dataDirectory());
            LocalPlatform platform = run.start();
            JdbcTemplate jdbc = platform.context(StewardService.FEATURE_STORE).getBean(JdbcTemplate.class);
            Machine machine = Machine.describe(jdbc.queryForObject("select current_setting('server_version')", String.class),
                    loadBefore);
            log.info("Machine: {}", machine.summary());
            String token = platform.issuer().issuer().issue(DemoIdentity.DANA);
            String featureStoreUrl = platform.url(StewardService.FEATURE_STORE);
            FeatureStoreClient steward = new FeatureStoreClient(featureStoreUrl, token);
            steward.applyDefinitions(data.definitionsYaml());
            double ingestSeconds = FeatureStoreOfflineBenchmark.ingest(steward, data, run);
            FeatureStoreOfflineBenchmark.settle(jdbc, data);

            FeatureStore featureStore = FeatureStore.http(URI.create(featureStoreUrl), token);
            Path labelled = run.dataDirectory().resolve("labelled-entity-rows.csv");
            t = System.nanoTime();
            SyntheticLabel.Counts counts = label(featureStore, steward, data, labelled, run.dataDirectory());
            double labelSeconds = FeatureStoreOfflineBenchmark.seconds(t);

            registerModel(platform.url(StewardService.MODEL_REGISTRY), token);
            Files.createDirectories(specDirectory);
            Path spec = specDirectory.resolve("scorecard.yaml");
            Files.writeString(spec, spec(labelled));
            TrainingPipeline pipeline = new TrainingPipeline(featureStore,
                    ModelRegistry.http(URI.create(platform.url(StewardService.MODEL_REGISTRY)), token),
                    (step, detail, took) -> log.info("train/{}: {} ({} s)", step, detail,
                            String.format(Locale.ROOT, "%.3f", took.toNanos() / 1e9)));
            log.info("Warm-up: training {} once through the training pipeline ({}) so that the measured run meets "
                    + "warm services, as a long-running registry and feature store are", MODEL, spec);
            TrainingPipeline.TrainingRun warmUp = pipeline.train(spec, null);
            log.info("Measured run: training {} again on the same spec", MODEL);
            TrainingPipeline.TrainingRun trained = pipeline.train(spec, null);

            Path snapshotCsv = run.dataDirectory().resolve("snapshot.csv");
            steward.downloadTrainingSet(trained.trainingSetId(), snapshotCsv);
            double hashSeconds = sha256Seconds(snapshotCsv, trained.trainingSetSha256());

            Report report = report(startedAt, machine, trained, hashSeconds, Files.size(snapshotCsv), counts);
            report.figures().add(Figure.value("context: warm-up run, register step (cold registry)",
                    stepSeconds(warmUp).getOrDefault("register", 0.0), "s"));
            report.parameters().put("generateSeconds", round(generateSeconds));
            report.parameters().put("ingestSeconds", round(ingestSeconds));
            report.parameters().put("labelSeconds", round(labelSeconds));
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(options.resultsDirectory()));
        } finally {
            try (var files = Files.exists(specDirectory) ? Files.walk(specDirectory) : java.util.stream.Stream.<Path>empty()) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private Report report(Instant startedAt, Machine machine, TrainingPipeline.TrainingRun trained, double hashSeconds,
                          long snapshotBytes, SyntheticLabel.Counts counts) {
        Map<String, Double> steps = stepSeconds(trained);
        Overhead overhead = Overhead.of(steps, hashSeconds);
        List<Figure> figures = new ArrayList<>();
        for (String name : TRAINING_STEPS) {
            figures.add(Figure.value("training: " + name, steps.getOrDefault(name, 0.0), "s"));
        }
        figures.add(Figure.value("training, total", overhead.trainingSeconds(), "s"));
        for (String name : LINEAGE_STEPS) {
            figures.add(Figure.value("lineage and registration: " + name, steps.getOrDefault(name, 0.0), "s"));
        }
        figures.add(Figure.value("lineage and registration: snapshot SHA-256", hashSeconds, "s"));
        figures.add(Figure.value("lineage and registration, total", overhead.lineageSeconds(), "s"));
        figures.add(Figure.atMost("lineage and registration / training", overhead.share() * 100, "%",
                TARGET_SHARE * 100));
        figures.add(Figure.value("context: training set built (point-in-time join)", steps.getOrDefault("training-set", 0.0), "s"));
        figures.add(Figure.value("context: snapshot downloaded and parsed", steps.getOrDefault("download", 0.0), "s"));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("entityRows", options.rows());
        parameters.put("featureRows", options.featureRows());
        parameters.put("customers", options.customers());
        parameters.put("seed", options.seed());
        parameters.put("estimator", "scorecard (WoE binning, IRLS logistic regression)");
        parameters.put("inputs", SyntheticLabel.INPUTS.size());
        parameters.put("labelledRows", counts.rows());
        parameters.put("badRate", round(counts.bads() / (double) Math.max(1, counts.rows())));
        parameters.put("model", trained.model() + " version " + trained.version());
        parameters.put("snapshotMiB", round(snapshotBytes / (1024.0 * 1024)));
        parameters.put("stepSeconds", steps);
        parameters.put("validation", trained.metrics().path("validation").path("auc").asString("") + " AUC");

        List<String> notes = new ArrayList<>();
        if (machine.busy()) {
            notes.add(String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on %d cores):"
                    + " other processes competed for the cores.", machine.loadBefore(), machine.cores()));
        }
        notes.add("Training: the pipeline's split, preprocess (imputation, capping), fit (WoE binning and IRLS),"
                + " score (every window through model-runtime from the artifact), evaluate (AUC, Gini with a 200-resample"
                + " bootstrap, calibration, PSI) and profile steps, as the pipeline times them.");
        notes.add("Lineage and registration: the lineage step (git commit and status of the repository, environment,"
                + " the lineage document), the register step (multipart upload to the registry: artifact store, version,"
                + " canonical lineage hash, outbox and audit event, over HTTP), and the snapshot's SHA-256, which the"
                + " pipeline computes while downloading and which is timed here over the same bytes.");
        notes.add("The figures are those of a second run of the same spec: a first run warms the services up, as a"
                + " registry and a feature store that have been serving for a while are; the first run's register step"
                + " is shown as context.");
        notes.add("Not in either: building the training set in the feature store and downloading it, which a run"
                + " needs with or without lineage (shown as context).");
        return new Report("lineage-overhead", runId, startedAt, machine, parameters, figures, notes);
    }

    private static Map<String, Double> stepSeconds(TrainingPipeline.TrainingRun run) {
        Map<String, Double> steps = new LinkedHashMap<>();
        for (Step step : run.steps()) {
            steps.merge(step.name(), step.took().toNanos() / 1e9, Double::sum);
        }
        return steps;
    }

    /** Training seconds, lineage-and-registration seconds and their ratio. */
    record Overhead(double trainingSeconds, double lineageSeconds) {

        static Overhead of(Map<String, Double> stepSeconds, double hashSeconds) {
            double training = TRAINING_STEPS.stream().mapToDouble(s -> stepSeconds.getOrDefault(s, 0.0)).sum();
            double lineage = LINEAGE_STEPS.stream().mapToDouble(s -> stepSeconds.getOrDefault(s, 0.0)).sum() + hashSeconds;
            if (training <= 0) {
                throw new IllegalArgumentException("no training step was timed: " + stepSeconds.keySet());
            }
            return new Overhead(training, lineage);
        }

        double share() {
            return lineageSeconds / trainingSeconds;
        }
    }

    /**
     * The first pass: a training set without a label, read to draw each entity row's label from its features, written
     * as the labelled entity rows the pipeline is given.
     */
    private SyntheticLabel.Counts label(FeatureStore featureStore, FeatureStoreClient steward, SyntheticDataset data,
                                        Path labelled, Path work) throws Exception {
        log.info("Labelling: building an unlabelled training set to draw the label from the features");
        TrainingSet unlabelled = featureStore.createTrainingSet(SyntheticBank.FEATURE_SERVICE, 1, false, "labels",
                Files.readAllBytes(data.entityRows()));
        Path csv = work.resolve("unlabelled.csv");
        steward.downloadTrainingSet(unlabelled.id(), csv);
        SyntheticLabel.Counts counts;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(labelled, StandardCharsets.UTF_8)) {
            counts = SyntheticLabel.write(in, out, new SplittableRandom(options.seed() + 1));
        }
        Files.delete(csv);
        log.info("Labelling: {} entity rows labelled, {} bad", counts.rows(), counts.bads());
        return counts;
    }

    private static void registerModel(String registryUrl, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registryUrl
                        + "/api/v1/models")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "%s", "useCase": "credit", "riskTier": 1, "owner": "dana",
                         "description": "Scorecard on the synthetic bank (lineage-overhead benchmark)"}""".formatted(MODEL)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("registering the model answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The pipeline spec: the synthetic bank's last two years split into train, validation and out-of-time. */
    static String spec(Path entityRows) {
        StringBuilder features = new StringBuilder();
        SyntheticLabel.INPUTS.forEach(input -> features.append("  - ").append(input).append('\n'));
        return """
                # Written by the lineage-overhead benchmark: a WoE scorecard on the synthetic bank.
                model: %s
                description: Scorecard on the synthetic bank (lineage-overhead benchmark).
                featureService: %s@1
                entityRows: %s
                label:
                  column: %s
                  definition: "Synthetic default: a seeded logistic draw from the customer's features"
                windows:
                  train:      {from: 2024-01-01, to: 2025-04-01}
                  validation: {from: 2025-04-01, to: 2025-09-01}
                  outOfTime:  {from: 2025-09-01, to: 2026-01-01}
                preprocessing:
                  numeric:     {impute: median, cap: [1, 99]}
                  categorical: {impute: mode}
                  binning:     {initialBins: 10, minBinShare: 0.05, monotone: true}
                features:
                %sestimator:
                  type: scorecard
                  irls: {maxIterations: 25, tolerance: 1.0e-10}
                  scaling: {baseScore: 600, baseOdds: 50, pdo: 20}
                evaluation:
                  policyCutoff: 0.5
                  scoreBands: [0.05, 0.1, 0.2, 0.3, 0.5]
                  bootstrap: 200
                seeds:
                  bootstrap: 20240901
                """.formatted(MODEL, SyntheticBank.FEATURE_SERVICE, entityRows.toAbsolutePath(), SyntheticLabel.LABEL,
                features);
    }

    /** Seconds to SHA-256 the file's bytes, read in 1 MiB chunks; checks the hash is the snapshot's. */
    private static double sha256Seconds(Path file, String expected) throws Exception {
        long t = System.nanoTime();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        double seconds = FeatureStoreOfflineBenchmark.seconds(t);
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (!sha256.equals(expected)) {
            throw new IllegalStateException("the snapshot downloaded again hashes to " + sha256 + ", not " + expected);
        }
        return seconds;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
