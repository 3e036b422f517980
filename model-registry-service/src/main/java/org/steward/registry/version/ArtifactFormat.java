package org.steward.registry.version;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.steward.registry.model.Codes;

/**
 * The artifact formats the platform accepts, one for one the constants of {@code org.steward.runtime.ModelFormat}
 * (whose name is this code in upper case). All are data read by parsers that cannot run code; the registry stores
 * an artifact under its tag and hash without parsing it, so it does not depend on the runtime.
 */
public enum ArtifactFormat {
    ONNX, XGBOOST_JSON, SCORECARD_JSON;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static ArtifactFormat fromCode(String code) {
        return Codes.parse(ArtifactFormat.class, code, "format");
    }

    /** The file extension a downloaded artifact gets. */
    public String extension() {
        return this == ONNX ? "onnx" : "json";
    }
}
