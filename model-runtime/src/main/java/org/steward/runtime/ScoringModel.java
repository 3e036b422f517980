package org.steward.runtime;

import java.util.List;
import java.util.Map;

/**
 * A loaded, hash-verified binary model. Obtained only from {@link ModelLoader}.
 *
 * <p>Rows map input names to values: a {@link FieldType#NUMBER} takes any {@link Number}, a
 * {@link FieldType#BOOLEAN} a {@link Boolean}, a {@link FieldType#STRING} a {@link String}. An absent key or
 * {@code null} is a missing value: NaN for XGBoost (its native missing value) and for ONNX float and double inputs,
 * the missing weight of evidence for a scorecard; ONNX integer, boolean and string inputs have no missing value and
 * refuse it, and so does an ONNX graph that answers NaN for it (a NaN score is never returned). A value of the wrong type is an {@link IllegalArgumentException} that names the field. Keys that are not
 * inputs are ignored, so a caller may pass its whole feature vector.
 *
 * <p>Scoring is thread-safe; {@link #close()} must not race with it.
 */
public interface ScoringModel extends AutoCloseable {

    Score score(Map<String, ?> row);

    /** Scores a batch in one call to the native engine, in the order of {@code rows}. */
    List<Score> score(List<? extends Map<String, ?>> rows);

    InputSignature signature();

    ModelFormat format();

    /** The lower-case hex SHA-256 of the artifact this model was loaded from. */
    String sha256();

    /** Releases native resources; scoring afterwards is an error. */
    @Override
    void close();
}
