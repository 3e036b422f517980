package org.steward.benchmarks;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The XGBoost model the in-process benchmarks time, trained here from a fixed seed on synthetic credit data: twenty
 * inputs, one of them a protected attribute (age), a few percent of values missing, and a label with interactions so
 * that the trees use their depth. The same trees, depth and seeds give the same model bytes.
 */
final class SyntheticCreditModel {

    static final long SEED = 20240601L;
    static final List<String> FEATURES = List.of(
            "duration_in_month", "credit_amount", "installment_rate", "age_in_years", "existing_credits",
            "residence_years", "dependents", "savings_balance", "checking_balance", "employment_years",
            "utilisation", "delinquencies_12m", "inquiries_6m", "open_accounts", "months_since_delinquency",
            "debt_to_income", "income", "loan_to_value", "tenure_with_bank", "products_held");
    static final Set<String> PROTECTED = Set.of("age_in_years");

    private static final Logger log = LoggerFactory.getLogger(SyntheticCreditModel.class);

    private SyntheticCreditModel() {
    }

    static int width() {
        return FEATURES.size();
    }

    static InputSignature signature() {
        return new InputSignature(FEATURES.stream().map(name -> new InputField(name, FieldType.NUMBER)).toList());
    }

    /** Seeded synthetic applicants, row-major, NaN for a missing value (one value in thirty). */
    static float[] applicants(int rows, long seed) {
        var random = new Random(seed);
        float[] matrix = new float[rows * width()];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = random.nextInt(30) == 0 ? Float.NaN : (float) random.nextGaussian();
        }
        return matrix;
    }

    /** Row {@code r} of {@code matrix} as a request carries it: each input by name, null when missing. */
    static Map<String, Object> row(float[] matrix, int r) {
        var row = new LinkedHashMap<String, Object>();
        for (int c = 0; c < width(); c++) {
            float value = matrix[r * width() + c];
            row.put(FEATURES.get(c), Float.isNaN(value) ? null : (Object) (double) value);
        }
        return row;
    }

    /** The label: a logistic function of the inputs with interactions, so that deep splits carry signal. */
    private static float[] labels(float[] matrix) {
        var random = new Random(SEED + 1);
        int width = width();
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

    /**
     * Trains a binary:logistic model of {@code trees} rounds and depth up to {@code depth} on {@code matrix} (rows
     * from {@link #applicants}); returns it as XGBoost JSON.
     */
    static byte[] train(float[] matrix, int trees, int depth) throws XGBoostError {
        int rows = matrix.length / width();
        DMatrix data = new DMatrix(matrix, rows, width(), Float.NaN);
        try {
            data.setLabel(labels(matrix));
            data.setFeatureNames(FEATURES.toArray(String[]::new));
            Map<String, Object> parameters = Map.of("objective", "binary:logistic", "max_depth", depth,
                    "eta", 0.05, "subsample", 0.8, "seed", 7, "nthread", 2);
            long start = System.nanoTime();
            Booster booster = XGBoost.train(data, parameters, trees, Map.of(), null, null);
            log.info("Trained {} trees of depth up to {} on {} rows in {} s", trees, depth, rows,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            try {
                return booster.toByteArray("json");
            } finally {
                booster.dispose();
            }
        } finally {
            data.dispose();
        }
    }
}
