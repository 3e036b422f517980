package org.steward.benchmarks;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.benchmarks.Report.Figure;
import org.steward.runtime.Artifacts;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;
import org.steward.runtime.explain.Explainer;
import org.steward.runtime.explain.Explainers;
import org.steward.runtime.explain.Explanation;
import org.steward.runtime.explain.ReasonCode;
import org.steward.runtime.explain.ReasonCodes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Adverse-action reason codes for one applicant from a 500-tree XGBoost model, in-process: exact TreeSHAP over the
 * trees ({@link Explainers}) and the four strongest reasons ({@link ReasonCodes}), timed call by call after a
 * warm-up, with XGBoost4J's native {@code predictContrib} and the shap package (the project's {@code .venv}) on the
 * same model and applicant beside it.
 *
 * <p>The model is trained here, from a fixed seed, on synthetic credit data: twenty inputs, one of them a protected
 * attribute (age), a few percent of values missing, a label with interactions so that the trees use their depth.
 */
final class ReasonCodesBenchmark {

    /**
     * @param iterations timed calls after the warm-up
     * @param trees      boosting rounds
     * @param depth      the trees' maximum depth
     */
    record Options(int iterations, int trees, int depth, Path resultsDirectory) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReasonCodesBenchmark.class);

    private static final double TARGET_MILLIS = 1.0;
    private static final int TRAINING_ROWS = 20_000;
    private static final long SEED = 20240601L;
    private static final int PYTHON_ITERATIONS = 2_000;
    private static final int NATIVE_ITERATIONS = 5_000;
    private static final List<String> FEATURES = List.of(
            "duration_in_month", "credit_amount", "installment_rate", "age_in_years", "existing_credits",
            "residence_years", "dependents", "savings_balance", "checking_balance", "employment_years",
            "utilisation", "delinquencies_12m", "inquiries_6m", "open_accounts", "months_since_delinquency",
            "debt_to_income", "income", "loan_to_value", "tenure_with_bank", "products_held");
    private static final Set<String> PROTECTED = Set.of("age_in_years");

    /** The latencies of one timed path, in milliseconds. */
    private record Latency(double p50, double p99, double max, int iterations) {

        static Latency of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return new Latency(sorted[n / 2] / 1e6, sorted[(int) Math.ceil(0.99 * n) - 1] / 1e6, sorted[n - 1] / 1e6, n);
        }
    }

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    ReasonCodesBenchmark(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Instant startedAt = Instant.now();
        Machine machine = Machine.describeInProcess(Machine.loadAverage());
        log.info("Reason-codes benchmark {}: {}", runId, machine.summary());
        Path work = Files.createTempDirectory("steward-bench-reasons-");
        try {
            Report report = measure(startedAt, machine, work);
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(options.resultsDirectory()));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private Report measure(Instant startedAt, Machine machine, Path work) throws Exception {
        float[] matrix = syntheticApplicants(TRAINING_ROWS);
        byte[] json = train(matrix);
        Path modelFile = work.resolve("model.json");
        Files.write(modelFile, json);
        Map<String, String> table = new HashMap<>();
        for (int i = 0; i < FEATURES.size(); i++) {
            if (!PROTECTED.contains(FEATURES.get(i))) {
                table.put(FEATURES.get(i), String.format(Locale.ROOT, "R%02d %s", i + 1, FEATURES.get(i)));
            }
        }

        List<Figure> figures = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        try (ScoringModel model = ModelLoader.load(json, Artifacts.sha256(json), ModelFormat.XGBOOST_JSON, signature())) {
            Explainer explainer = Explainers.explainer(model);
            Map<String, Object> applicant = riskiest(model, matrix);
            Explanation explanation = explainer.explain(applicant);
            List<ReasonCode> reasons = ReasonCodes.of(explanation, table, PROTECTED);
            log.info("Applicant: margin {}, reasons {}", String.format(Locale.ROOT, "%.4f", explanation.margin()),
                    reasons.stream().map(ReasonCode::code).toList());

            Latency java = time(options.iterations(), () -> ReasonCodes.of(explainer.explain(applicant), table, PROTECTED));
            Latency explainOnly = time(options.iterations(), () -> explainer.explain(applicant));
            Latency nativeContrib = nativeContributions(json, applicant);
            figures.add(Figure.latency("explain + reason codes, p50", java.p50(), null));
            figures.add(Figure.latency("explain + reason codes, p99", java.p99(), TARGET_MILLIS));
            figures.add(Figure.latency("explain + reason codes, max", java.max(), null));
            figures.add(Figure.latency("TreeSHAP alone, p99", explainOnly.p99(), null));
            figures.add(Figure.latency("XGBoost4J native predictContrib, p50", nativeContrib.p50(), null));
            figures.add(Figure.latency("XGBoost4J native predictContrib, p99", nativeContrib.p99(), null));

            Path applicantFile = work.resolve("applicant.json");
            Files.writeString(applicantFile, JsonMapper.builder().build().writeValueAsString(applicant));
            JsonNode python = python(modelFile, applicantFile);
            if (python == null) {
                notes.add("Python shap was not measured: the project's .venv is missing (run `make python-env`).");
            } else {
                figures.add(Figure.latency("shap.TreeExplainer + reason codes (Python), p50",
                        python.get("p50_ms").doubleValue(), null));
                figures.add(Figure.latency("shap.TreeExplainer + reason codes (Python), p99",
                        python.get("p99_ms").doubleValue(), null));
                double delta = maxDelta(explanation, python.get("contributions"));
                List<String> pythonReasons = new ArrayList<>();
                python.get("reasons").forEach(r -> pythonReasons.add(r.stringValue()));
                notes.add(String.format(Locale.ROOT, "Python: shap %s, xgboost %s, %d calls; its contributions differ"
                                + " from Java's by at most %.2g (XGBoost's float32); same reasons: %s.",
                        python.get("shap").stringValue(), python.get("xgboost").stringValue(),
                        python.get("iterations").intValue(), delta,
                        pythonReasons.equals(reasons.stream().map(ReasonCode::feature).toList())));
            }
            parameters.put("trees", options.trees());
            parameters.put("maxDepth", options.depth());
            parameters.put("features", FEATURES.size());
            parameters.put("trainingRows", TRAINING_ROWS);
            parameters.put("iterations", options.iterations());
            parameters.put("warmUpIterations", warmUp(options.iterations()));
            parameters.put("reasons", reasons.stream().map(ReasonCode::code).toList());
        }
        if (machine.busy()) {
            notes.add(String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on %d"
                    + " cores): other processes competed for the cores, so these latencies, the tail above all,"
                    + " overstate what the code needs.", machine.loadBefore(), machine.cores()));
        }
        notes.add("One thread, one applicant per call, in-process: the explanation is exact TreeSHAP in double"
                + " precision over the model's own trees; reason codes are the four largest contributions towards"
                + " decline that are not a protected attribute, mapped through the reason-code table.");
        notes.add("XGBoost4J's predictContrib is timed with the one-row DMatrix it needs; its float32 contributions"
                + " miss the margin by ~1e-6, which is why Steward computes its own.");
        return new Report("reason-codes", runId, startedAt, machine, parameters, figures, notes);
    }

    private static InputSignature signature() {
        return new InputSignature(FEATURES.stream().map(name -> new InputField(name, FieldType.NUMBER)).toList());
    }

    /** Seeded synthetic applicants, row-major, NaN for a missing value. */
    private static float[] syntheticApplicants(int rows) {
        var random = new Random(SEED);
        int width = FEATURES.size();
        float[] matrix = new float[rows * width];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = random.nextInt(30) == 0 ? Float.NaN : (float) random.nextGaussian();
        }
        return matrix;
    }

    /** The label: a logistic function of the inputs with interactions, so that deep splits carry signal. */
    private static float[] labels(float[] matrix) {
        var random = new Random(SEED + 1);
        int width = FEATURES.size();
        int rows = matrix.length / width;
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            double[] x = new double[width];
            for (int c = 0; c < width; c++) {
                float v = matrix[r * width + c];
                x[c] = Float.isNaN(v) ? 0.5 : v;
            }
            double margin = -1 + 0.8 * x[0] + 0.6 * x[1] - 0.5 * x[7] - 0.7 * x[8] + 0.9 * x[11] + 0.4 * x[12]
                    + 0.6 * x[15] * x[17] - 0.5 * x[9] * x[16] + 0.3 * x[3] + 0.4 * Math.sin(2 * x[10]);
            labels[r] = random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
        }
        return labels;
    }

    private byte[] train(float[] matrix) throws XGBoostError {
        int width = FEATURES.size();
        DMatrix data = new DMatrix(matrix, matrix.length / width, width, Float.NaN);
        try {
            data.setLabel(labels(matrix));
            data.setFeatureNames(FEATURES.toArray(String[]::new));
            Map<String, Object> parameters = Map.of("objective", "binary:logistic", "max_depth", options.depth(),
                    "eta", 0.05, "subsample", 0.8, "seed", 7, "nthread", 2);
            long start = System.nanoTime();
            Booster booster = XGBoost.train(data, parameters, options.trees(), Map.of(), null, null);
            log.info("Trained {} trees of depth up to {} on {} rows in {} s", options.trees(), options.depth(),
                    TRAINING_ROWS, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            try {
                return booster.toByteArray("json");
            } finally {
                booster.dispose();
            }
        } finally {
            data.dispose();
        }
    }

    /** The applicant the model finds riskiest among the first thousand: one who gets four reasons. */
    private static Map<String, Object> riskiest(ScoringModel model, float[] matrix) {
        Map<String, Object> riskiest = null;
        double highest = Double.NEGATIVE_INFINITY;
        int width = FEATURES.size();
        for (int r = 0; r < 1_000; r++) {
            var row = new LinkedHashMap<String, Object>();
            for (int c = 0; c < width; c++) {
                float value = matrix[r * width + c];
                row.put(FEATURES.get(c), Float.isNaN(value) ? null : (Object) (double) value);
            }
            double margin = model.score(row).margin();
            if (margin > highest) {
                highest = margin;
                riskiest = row;
            }
        }
        return riskiest;
    }

    private static int warmUp(int iterations) {
        return Math.max(2_000, iterations / 4);
    }

    /** Times {@code call} one call at a time after a warm-up; the results feed a sink so none is optimised away. */
    private static Latency time(int iterations, Supplier<?> call) {
        int sink = 0;
        for (int i = 0; i < warmUp(iterations); i++) {
            sink += call.get().hashCode();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            sink += call.get().hashCode();
            nanos[i] = System.nanoTime() - start;
        }
        if (sink == 42) {
            log.debug("sink {}", sink);
        }
        return Latency.of(nanos);
    }

    private static Latency nativeContributions(byte[] json, Map<String, Object> applicant) throws Exception {
        Booster booster = XGBoost.loadModel(json);
        try {
            // one thread per request, like the explainer: OpenMP threads for a one-row matrix only add overhead
            booster.setParam("nthread", 1);
            float[] row = new float[FEATURES.size()];
            for (int c = 0; c < row.length; c++) {
                Object value = applicant.get(FEATURES.get(c));
                row[c] = value == null ? Float.NaN : ((Number) value).floatValue();
            }
            return time(NATIVE_ITERATIONS, () -> {
                try {
                    DMatrix one = new DMatrix(row, 1, row.length, Float.NaN);
                    try {
                        return booster.predictContrib(one, 0);
                    } finally {
                        one.dispose();
                    }
                } catch (XGBoostError e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            booster.dispose();
        }
    }

    /** Runs the shap side in the project's .venv; null when there is none. */
    private static JsonNode python(Path model, Path applicant) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path python = root.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            return null;
        }
        log.info("Timing shap.TreeExplainer in Python ({} calls)", PYTHON_ITERATIONS);
        Process process = new ProcessBuilder(python.toString(),
                root.resolve("benchmarks/src/main/python/reason_codes_shap.py").toString(), model.toString(),
                applicant.toString(), String.join(",", PROTECTED), Integer.toString(PYTHON_ITERATIONS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("reason_codes_shap.py failed: " + output);
        }
        return JsonMapper.builder().build().readTree(output);
    }

    private static double maxDelta(Explanation explanation, JsonNode contributions) {
        double max = 0;
        for (int c = 0; c < FEATURES.size(); c++) {
            max = Math.max(max, Math.abs(explanation.contributions().get(FEATURES.get(c))
                    - contributions.get(c).doubleValue()));
        }
        return max;
    }

    /** The nearest ancestor of the working directory with the benchmarks' Python beside the modules. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("benchmarks/src/main/python/reason_codes_shap.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the benchmark from the repository (no benchmarks/src/main/python above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
