/**
 * Loads and scores Steward's models: ONNX, XGBoost JSON and scorecard JSON, each only after its SHA-256 matches the
 * registered one, and never through Java deserialisation or pickle.
 *
 * <pre>{@code
 * var signature = InputSignature.of(
 *         new InputField("duration_in_month", FieldType.NUMBER),
 *         new InputField("purpose", FieldType.STRING));
 * try (ScoringModel model = ModelLoader.load(bytes, registeredSha256, ModelFormat.SCORECARD_JSON, signature)) {
 *     Map<String, Object> row = Map.of("duration_in_month", 24, "purpose", "car (new)");
 *     Score score = model.score(row);
 *     // score.probability(): probability of the positive class; score.margin(): its log-odds
 *     if (model instanceof Scorecard card) {
 *         Scorecard.Points points = card.points(row);   // points per attribute, and the total score
 *     }
 * }
 * }</pre>
 *
 * Every model answers a {@link org.steward.runtime.Score} (probability and raw margin) for one row or a batch; the
 * rules for row values are on {@link org.steward.runtime.ScoringModel}.
 */
package org.steward.runtime;
