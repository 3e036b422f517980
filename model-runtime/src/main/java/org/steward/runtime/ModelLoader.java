package org.steward.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only way to a {@link ScoringModel}: the artifact's SHA-256 is checked against the registered one before a single
 * byte is parsed, then the bytes are read by the format's own parser (ONNX Runtime, XGBoost's JSON reader, or the
 * scorecard reader) — never by Java deserialisation or pickle — and checked against the input signature.
 */
public final class ModelLoader {

    /** Duplicate keys are refused: in a model file they would make its meaning depend on the parser. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ModelLoader() {
    }

    /**
     * Loads a model from its bytes.
     *
     * @param expectedSha256 the registered content address (hex, any case)
     * @throws ArtifactIntegrityException when the bytes do not hash to {@code expectedSha256}
     * @throws ModelLoadException         when the bytes are not a valid model of {@code format} or disagree with
     *                                    {@code signature}
     */
    public static ScoringModel load(byte[] artifact, String expectedSha256, ModelFormat format,
                                    InputSignature signature) {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signature, "signature");
        String sha256 = Artifacts.verify(artifact, expectedSha256);
        return switch (format) {
            case ONNX -> OnnxModel.load(artifact, signature, sha256);
            case XGBOOST_JSON -> XGBoostModel.load(artifact, signature, sha256, JSON);
            case SCORECARD_JSON -> Scorecard.parse(artifact, signature, sha256, JSON);
        };
    }

    /** Reads {@code file} whole, then loads it as {@link #load(byte[], String, ModelFormat, InputSignature)} does. */
    public static ScoringModel load(Path file, String expectedSha256, ModelFormat format, InputSignature signature) {
        byte[] artifact;
        try {
            artifact = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model artifact " + file, e);
        }
        return load(artifact, expectedSha256, format, signature);
    }
}
