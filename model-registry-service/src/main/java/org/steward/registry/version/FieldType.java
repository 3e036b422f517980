package org.steward.registry.version;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.steward.registry.model.Codes;

/** The type of one model input as a caller supplies it; the constants of {@code org.steward.runtime.FieldType}. */
public enum FieldType {
    NUMBER, STRING, BOOLEAN;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static FieldType fromCode(String code) {
        return Codes.parse(FieldType.class, code, "type");
    }
}
