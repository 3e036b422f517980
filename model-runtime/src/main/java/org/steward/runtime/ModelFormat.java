package org.steward.runtime;

/**
 * The model formats Steward accepts. All three are plain data read by a parser that cannot run code, unlike Java
 * serialisation or pickle, which is why nothing else is accepted.
 */
public enum ModelFormat {
    /** An ONNX graph scored by ONNX Runtime, typically exported from scikit-learn, LightGBM or XGBoost. */
    ONNX,
    /** XGBoost's own JSON model format ({@code booster.save_model("model.json")}), scored by XGBoost4J. */
    XGBOOST_JSON,
    /** A logistic-regression scorecard in Steward's own JSON, described in {@code SCORECARD_FORMAT.md}. */
    SCORECARD_JSON
}
