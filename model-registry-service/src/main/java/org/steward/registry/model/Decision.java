package org.steward.registry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a decision policy answers, from the most lenient to the strictest. */
public enum Decision {
    APPROVE, REFER, DECLINE;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static Decision fromCode(String code) {
        return Codes.parse(Decision.class, code, "decision");
    }
}
