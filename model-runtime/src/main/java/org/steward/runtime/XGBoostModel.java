package org.steward.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A binary XGBoost model read from XGBoost's JSON format. Each batch is one in-place prediction of raw margins
 * (thread-safe in XGBoost); the probability is the sigmoid of the margin, computed in double precision.
 *
 * <p>Public for explanations, which read the trees from the same verified bytes ({@link #artifact()}).
 */
public final class XGBoostModel implements ScoringModel {

    /** Objectives whose margin is the log-odds of the positive class. */
    private static final Set<String> BINARY_OBJECTIVES = Set.of("binary:logistic", "binary:logitraw", "reg:logistic");
    private static final int[] ALL_TREES = {0, 0};

    private final Booster booster;
    private final byte[] artifact;
    private final InputSignature signature;
    private final String sha256;

    private XGBoostModel(Booster booster, byte[] artifact, InputSignature signature, String sha256) {
        this.booster = booster;
        this.artifact = artifact.clone();
        this.signature = signature;
        this.sha256 = sha256;
    }

    /**
     * Checks with a JSON parser that the bytes are an XGBoost JSON model of a binary objective before XGBoost reads
     * them: the legacy binary and UBJSON formats are not accepted, and no garbage reaches native code.
     */
    static XGBoostModel load(byte[] artifact, InputSignature signature, String sha256, JsonMapper json) {
        for (InputField field : signature.fields()) {
            if (field.type() == FieldType.STRING) {
                throw new ModelLoadException("XGBoost takes numbers only, but input '" + field.name()
                        + "' is a string: encode categories before training");
            }
        }
        String objective = objective(artifact, json);
        if (!BINARY_OBJECTIVES.contains(objective)) {
            throw new ModelLoadException("XGBoost objective '" + objective + "' is not a binary classifier; expected one of "
                    + BINARY_OBJECTIVES);
        }
        Booster booster;
        try {
            booster = XGBoost.loadModel(artifact);
        } catch (XGBoostError | IOException e) {
            throw new ModelLoadException("XGBoost cannot read the model: " + e.getMessage(), e);
        }
        try {
            checkSignature(booster, signature);
        } catch (RuntimeException e) {
            booster.dispose();
            throw e;
        }
        return new XGBoostModel(booster, artifact, signature, sha256);
    }

    private static String objective(byte[] artifact, JsonMapper json) {
        JsonNode root;
        try {
            root = json.readTree(artifact);
        } catch (JacksonException e) {
            throw new ModelLoadException("not XGBoost JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode name = root.path("learner").path("objective").path("name");
        if (!name.isString()) {
            throw new ModelLoadException("not an XGBoost JSON model: no learner.objective.name");
        }
        return name.stringValue();
    }

    private static void checkSignature(Booster booster, InputSignature signature) {
        try {
            long features = booster.getNumFeature();
            if (features != signature.size()) {
                throw new ModelLoadException("the model takes " + features + " features but the signature declares "
                        + signature.size());
            }
            // A model trained without feature names reports none, or nulls; then only the count can be checked.
            String[] names = booster.getFeatureNames();
            boolean named = names != null && names.length > 0 && Arrays.stream(names).allMatch(Objects::nonNull);
            if (named && !Arrays.asList(names).equals(signature.names())) {
                throw new ModelLoadException("the model's feature names " + Arrays.toString(names)
                        + " differ from the signature's " + signature.names());
            }
        } catch (XGBoostError e) {
            throw new ModelLoadException("XGBoost cannot describe the model: " + e.getMessage(), e);
        }
    }

    @Override
    public Score score(Map<String, ?> row) {
        return score(List.of(row)).getFirst();
    }

    @Override
    public List<Score> score(List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<InputField> fields = signature.fields();
        int width = fields.size();
        float[] matrix = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            Map<String, ?> row = rows.get(r);
            for (int c = 0; c < width; c++) {
                matrix[r * width + c] = (float) Inputs.number(row, fields.get(c));
            }
        }
        float[][] margins;
        try {
            margins = booster.inplace_predict(matrix, rows.size(), width, Float.NaN, ALL_TREES,
                    Booster.PredictionType.kMargin, null);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
        var scores = new ArrayList<Score>(rows.size());
        for (float[] margin : margins) {
            scores.add(Score.ofMargin(margin[0]));
        }
        return List.copyOf(scores);
    }

    /** A copy of the XGBoost JSON this model was loaded from, whose SHA-256 is {@link #sha256()}. */
    public byte[] artifact() {
        return artifact.clone();
    }

    @Override
    public InputSignature signature() {
        return signature;
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.XGBOOST_JSON;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
