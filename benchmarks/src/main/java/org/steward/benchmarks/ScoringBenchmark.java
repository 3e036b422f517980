package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.benchmarks.Report.Figure;
import org.steward.runtime.Artifacts;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Runtime scoring latency per row of a 500-tree XGBoost model and of the same model converted to ONNX, through
 * model-runtime's product path ({@link ModelLoader}: hash verified, then {@link ScoringModel#score(Map)}), one row
 * per call after a warm-up, beside the same rows scored one at a time in Python (the project's {@code .venv}) with
 * xgboost's {@code inplace_predict} and onnxruntime's {@code InferenceSession.run}. All four must agree on every row's
 * probability within {@value #AGREEMENT}.
 *
 * <p>The model is {@link SyntheticCreditModel}, the same as the reason-codes benchmark's; the ONNX model is produced
 * from its XGBoost JSON by onnxmltools in Python ({@code scoring_python.py}), the standard conversion.
 */
final class ScoringBenchmark {

    /**
     * @param rows  rows scored one at a time on each path (each is also the warm-up set of the Java paths)
     * @param trees boosting rounds
     * @param depth the trees' maximum depth
     */
    record Options(int rows, int trees, int depth, Path resultsDirectory) {
    }

    private static final Logger log = LoggerFactory.getLogger(ScoringBenchmark.class);

    static final double AGREEMENT = 1e-6;
    private static final int TRAINING_ROWS = 20_000;
    private static final int WARM_UP_PASSES = 3;
    private static final String JAVA_XGBOOST = "Java XGBoost JSON";
    private static final String JAVA_ONNX = "Java ONNX";
    private static final String PYTHON_XGBOOST = "Python xgboost";
    private static final String PYTHON_ONNX = "Python onnxruntime";
    private static final String PYTHON_ONNX_SAME = "Python onnxruntime, Java's version";

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    ScoringBenchmark(Options options) {
        this.options = options;
    }

    /** One path's latencies and its probability for every row, in row order. */
    record Timed(Latency latency, double[] probabilities) {

        static Timed of(JsonNode python) {
            JsonNode p = python.get("probabilities");
            double[] probabilities = new double[p.size()];
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = p.get(i).doubleValue();
            }
            return new Timed(new Latency(python.get("p50_ms").doubleValue(), python.get("p99_ms").doubleValue(),
                    python.get("max_ms").doubleValue(), python.get("iterations").intValue()), probabilities);
        }
    }

    void run() throws Exception {
        if (!ProjectPython.available()) {
            throw new IllegalStateException("the project's .venv is missing: run `make python-env` (the ONNX model is"
                    + " converted, and the Python side timed, in it)");
        }
        Report.runInProcess("scoring", runId, options.resultsDirectory(), this::measure);
    }

    private Report measure(Instant startedAt, Machine machine, Path work) throws Exception {
        byte[] json = SyntheticCreditModel.train(SyntheticCreditModel.applicants(TRAINING_ROWS, SyntheticCreditModel.SEED),
                options.trees(), options.depth());
        Path modelFile = work.resolve("model.json");
        Files.write(modelFile, json);
        // Rows the model never saw, from their own seed.
        float[] matrix = SyntheticCreditModel.applicants(options.rows(), SyntheticCreditModel.SEED + 2);
        Path rowsFile = work.resolve("rows.f32");
        Files.write(rowsFile, littleEndian(matrix));
        Path onnxFile = work.resolve("model.onnx");

        log.info("Converting the model to ONNX and timing {} rows one at a time in Python", options.rows());
        JsonNode python = ProjectPython.run("scoring_python.py", List.of(modelFile.toString(), rowsFile.toString(),
                Integer.toString(SyntheticCreditModel.width()), onnxFile.toString()), 30);
        byte[] onnx = Files.readAllBytes(onnxFile);

        List<Map<String, Object>> rows = new ArrayList<>(options.rows());
        for (int r = 0; r < options.rows(); r++) {
            rows.add(SyntheticCreditModel.row(matrix, r));
        }
        Map<String, Timed> timed = new LinkedHashMap<>();
        timed.put(JAVA_XGBOOST, score(json, ModelFormat.XGBOOST_JSON, rows));
        timed.put(JAVA_ONNX, score(onnx, ModelFormat.ONNX, rows));
        timed.put(PYTHON_XGBOOST, Timed.of(python.get("xgboost")));
        timed.put(PYTHON_ONNX, Timed.of(python.get("onnxruntime")));
        Timed dmatrix = Timed.of(python.get("xgboost-dmatrix"));
        // The Java binding's ONNX Runtime is older than Python's newest, and the tree kernel takes most of a call:
        // the same version in Python (the peers' environment) compares the languages on the same kernel.
        Peers peers = new Peers(ProjectPython.root().resolve(Peers.DEFAULT_VENV), ProjectPython.root().resolve(Peers.DEFAULT_SCRIPTS));
        JsonNode sameVersion = null;
        if (peers.unavailable().isEmpty()) {
            log.info("Timing the ONNX model in Python on the Java binding's ONNX Runtime version (the peers' environment)");
            sameVersion = ProjectPython.run(peers.python(), "scoring_python.py", List.of("--onnxruntime-only",
                    onnxFile.toString(), rowsFile.toString(), Integer.toString(SyntheticCreditModel.width())), 30);
            timed.put(PYTHON_ONNX_SAME, Timed.of(sameVersion.get("onnxruntime")));
        }
        String onnxPeer = sameVersion != null ? PYTHON_ONNX_SAME : PYTHON_ONNX;

        List<Figure> figures = new ArrayList<>();
        timed.forEach((path, t) -> {
            figures.add(Figure.latency(path + ", p50", t.latency().p50(), null));
            figures.add(Figure.latency(path + ", p99", t.latency().p99(), null));
            figures.add(Figure.latency(path + ", max", t.latency().max(), null));
        });
        figures.add(Figure.latency(PYTHON_XGBOOST + " on a 1-row DMatrix, p50", dmatrix.latency().p50(), null));
        figures.add(Figure.latency(PYTHON_XGBOOST + " on a 1-row DMatrix, p99", dmatrix.latency().p99(), null));
        for (String[] pair : List.of(new String[] {JAVA_XGBOOST, PYTHON_XGBOOST}, new String[] {JAVA_ONNX, onnxPeer})) {
            Latency java = timed.get(pair[0]).latency();
            Latency py = timed.get(pair[1]).latency();
            figures.add(Figure.atMost(pair[0] + " / " + pair[1] + ", p50", java.p50() / py.p50(), "x", 1.0));
            figures.add(Figure.atMost(pair[0] + " / " + pair[1] + ", p99", java.p99() / py.p99(), "x", 1.0));
        }
        if (sameVersion != null) {
            Latency java = timed.get(JAVA_ONNX).latency();
            Latency newest = timed.get(PYTHON_ONNX).latency();
            figures.add(Figure.value("context: " + JAVA_ONNX + " / " + PYTHON_ONNX + " (newer kernel), p50",
                    java.p50() / newest.p50(), "x"));
            figures.add(Figure.value("context: " + JAVA_ONNX + " / " + PYTHON_ONNX + " (newer kernel), p99",
                    java.p99() / newest.p99(), "x"));
        }
        Map<String, double[]> answers = new LinkedHashMap<>();
        timed.forEach((path, t) -> answers.put(path, t.probabilities()));
        answers.put(PYTHON_XGBOOST + " (DMatrix)", dmatrix.probabilities());
        List<Agreement.Difference> differences = Agreement.pairs(answers);
        Agreement.Difference worst = Agreement.worst(answers);
        figures.add(Figure.atMost(JAVA_XGBOOST + " vs " + PYTHON_XGBOOST + ", max |dp|",
                Agreement.difference(JAVA_XGBOOST, answers.get(JAVA_XGBOOST), PYTHON_XGBOOST,
                        answers.get(PYTHON_XGBOOST)).max(), "", AGREEMENT));
        figures.add(Figure.atMost(JAVA_ONNX + " vs " + PYTHON_ONNX + ", max |dp|",
                Agreement.difference(JAVA_ONNX, answers.get(JAVA_ONNX), PYTHON_ONNX, answers.get(PYTHON_ONNX)).max(),
                "", AGREEMENT));
        figures.add(Figure.atMost("any two of the paths, max |dp|", worst.max(), "", AGREEMENT));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("trees", options.trees());
        parameters.put("maxDepth", options.depth());
        parameters.put("features", SyntheticCreditModel.width());
        parameters.put("trainingRows", TRAINING_ROWS);
        parameters.put("rows", options.rows());
        parameters.put("javaWarmUpPasses", WARM_UP_PASSES);
        parameters.put("xgboostJsonBytes", json.length);
        parameters.put("onnxBytes", onnx.length);
        parameters.put("pythonVersions", python.get("versions").toString());
        if (sameVersion != null) {
            parameters.put("pythonSameVersionAsJava", sameVersion.get("versions").toString());
        }
        parameters.put("maxDifferences", Agreement.describe(differences));

        List<String> notes = new ArrayList<>();
        if (machine.busy()) {
            notes.add(machine.busyLatencyNote());
        }
        notes.add("One row per call, one thread per call on both sides: Java through model-runtime's ModelLoader"
                + " (SHA-256 verified at load) and ScoringModel.score(row), a row being a map of input names to"
                + " values as a request carries it; Python with the row already a 1 x 20 float32 numpy array,"
                + " xgboost's Booster.inplace_predict (nthread=1) and onnxruntime's InferenceSession.run"
                + " (intra_op_num_threads=1, inter_op_num_threads=1, sequential), timed with perf_counter_ns"
                + " after the model was loaded and warmed up (process start and load are outside the loop).");
        notes.add(String.format(Locale.ROOT, "Java paths: %d warm-up passes over the rows, then one timed pass with"
                + " System.nanoTime per call. The ONNX model is onnxmltools' conversion of the XGBoost JSON"
                + " (TreeEnsembleClassifier, float32 thresholds and sums, output 'probabilities').", WARM_UP_PASSES));
        notes.add(sameVersion != null
                ? "ONNX: the target compares Java with Python on the same ONNX Runtime version (" + sameVersion.get(
                        "versions").get("onnxruntime").asString() + ", the newest Java binding on Maven Central, run in"
                        + " benchmarks/.venv-peers), so that both run the same tree kernel; Python's newest ("
                        + python.get("versions").get("onnxruntime").asString() + ", in .venv) is shown beside it."
                : "ONNX: the peers' environment is missing (make peers-env), so Java is compared with Python's newest"
                        + " ONNX Runtime only, a newer kernel than the Java binding's.");
        notes.add(String.format(Locale.ROOT, "Agreement: the probability of every row on every path; the largest"
                + " difference between any two paths is %.2g (%s vs %s, row %d), target %.0e.", worst.max(),
                worst.first(), worst.second(), worst.row(), AGREEMENT));
        return new Report("scoring", runId, startedAt, machine, parameters, figures, notes);
    }

    /** Loads the artifact as serving does, warms up over the rows, then times each row's call. */
    private static Timed score(byte[] artifact, ModelFormat format, List<Map<String, Object>> rows) {
        try (ScoringModel model = ModelLoader.load(artifact, Artifacts.sha256(artifact), format,
                SyntheticCreditModel.signature())) {
            log.info("Timing {} rows one at a time through model-runtime ({})", rows.size(), format);
            double sink = 0;
            for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                for (Map<String, Object> row : rows) {
                    sink += model.score(row).probability();
                }
            }
            long[] nanos = new long[rows.size()];
            double[] probabilities = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                long start = System.nanoTime();
                probabilities[r] = model.score(rows.get(r)).probability();
                nanos[r] = System.nanoTime() - start;
            }
            if (sink == 42) {
                log.debug("sink {}", sink);
            }
            return new Timed(Latency.of(nanos), probabilities);
        }
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }
}
