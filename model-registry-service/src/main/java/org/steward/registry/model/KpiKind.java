package org.steward.registry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The business KPIs monitoring knows how to compute (the banking conventions of the design). */
public enum KpiKind {
    APPROVAL_RATE, BAD_RATE_AMONG_APPROVED, EXPECTED_LOSS, FRAUD_CAPTURE_AT_VOLUME, AML_ALERT_VOLUME, AML_HIT_RATE;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static KpiKind fromCode(String code) {
        return Codes.parse(KpiKind.class, code, "kind");
    }
}
