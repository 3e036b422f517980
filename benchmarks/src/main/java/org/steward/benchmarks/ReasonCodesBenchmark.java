package org.steward.benchmarks;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.benchmarks.Report.Figure;
import org.steward.runtime.Artifacts;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Adverse-action reason codes for one applicant from a 500-tree XGBoost model, in-process: exact TreeSHAP over the
 * trees ({@link Explainers}) and the four strongest reasons ({@link ReasonCodes}), timed call by call after a
 * warm-up, with XGBoost4J's native {@code predictContrib} and the shap package (the project's {@code .venv}) on the
 * same model and applicant beside it.
 *
 * <p>The model is trained here, from a fixed seed, on synthetic credit data ({@link SyntheticCreditModel}).
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
    private static final int PYTHON_ITERATIONS = 2_000;
    private static final int NATIVE_ITERATIONS = 5_000;
    private static final List<String> FEATURES = SyntheticCreditModel.FEATURES;
    private static final Set<String> PROTECTED = SyntheticCreditModel.PROTECTED;

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    ReasonCodesBenchmark(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Report.runInProcess("reason-codes", runId, options.resultsDirectory(), this::measure);
    }

    private Report measure(Instant startedAt, Machine machine, Path work) throws Exception {
        float[] matrix = SyntheticCreditModel.applicants(TRAINING_ROWS, SyntheticCreditModel.SEED);
        byte[] json = SyntheticCreditModel.train(matrix, options.trees(), options.depth());
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
        try (ScoringModel model = ModelLoader.load(json, Artifacts.sha256(json), ModelFormat.XGBOOST_JSON,
                SyntheticCreditModel.signature())) {
            Explainer explainer = Explainers.explainer(model);
            Map<String, Object> applicant = riskiest(model, matrix);
            Explanation explanation = explainer.explain(applicant);
            List<ReasonCode> reasons = ReasonCodes.of(explanation, table, PROTECTED);
            log.info("Applicant: margin {}, reasons {}", String.format(Locale.ROOT, "%.4f", explanation.margin()),
                    reasons.stream().map(ReasonCode::code).toList());

            Latency java = Latency.time(options.iterations(), () -> ReasonCodes.of(explainer.explain(applicant), table, PROTECTED));
            Latency explainOnly = Latency.time(options.iterations(), () -> explainer.explain(applicant));
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
            parameters.put("warmUpIterations", Latency.warmUp(options.iterations()));
            parameters.put("reasons", reasons.stream().map(ReasonCode::code).toList());
        }
        if (machine.busy()) {
            notes.add(machine.busyLatencyNote());
        }
        notes.add("One thread, one applicant per call, in-process: the explanation is exact TreeSHAP in double"
                + " precision over the model's own trees; reason codes are the four largest contributions towards"
                + " decline that are not a protected attribute, mapped through the reason-code table.");
        notes.add("XGBoost4J's predictContrib is timed with the one-row DMatrix it needs; its float32 contributions"
                + " miss the margin by ~1e-6, which is why Steward computes its own.");
        return new Report("reason-codes", runId, startedAt, machine, parameters, figures, notes);
    }

    /** The applicant the model finds riskiest among the first thousand: one who gets four reasons. */
    private static Map<String, Object> riskiest(ScoringModel model, float[] matrix) {
        Map<String, Object> riskiest = null;
        double highest = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < 1_000; r++) {
            Map<String, Object> row = SyntheticCreditModel.row(matrix, r);
            double margin = model.score(row).margin();
            if (margin > highest) {
                highest = margin;
                riskiest = row;
            }
        }
        return riskiest;
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
            return Latency.time(NATIVE_ITERATIONS, () -> {
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
        if (!ProjectPython.available()) {
            return null;
        }
        log.info("Timing shap.TreeExplainer in Python ({} calls)", PYTHON_ITERATIONS);
        return ProjectPython.run("reason_codes_shap.py", List.of(model.toString(), applicant.toString(),
                String.join(",", PROTECTED), Integer.toString(PYTHON_ITERATIONS)), 10);
    }

    private static double maxDelta(Explanation explanation, JsonNode contributions) {
        double max = 0;
        for (int c = 0; c < FEATURES.size(); c++) {
            max = Math.max(max, Math.abs(explanation.contributions().get(FEATURES.get(c))
                    - contributions.get(c).doubleValue()));
        }
        return max;
    }
}
