package org.steward.registry.version;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.steward.registry.model.Codes;

/** Where a version stands in the design's lifecycle; {@link Lifecycle} says how it may move. */
public enum VersionStatus {
    DEV, SUBMITTED, VALIDATED, APPROVED, PRODUCTION, ARCHIVED, REJECTED;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static VersionStatus fromCode(String code) {
        return Codes.parse(VersionStatus.class, code, "status");
    }
}
