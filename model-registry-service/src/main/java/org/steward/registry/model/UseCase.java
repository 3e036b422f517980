package org.steward.registry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a model decides; it selects the business KPIs and the policy gates that apply. */
public enum UseCase {
    CREDIT, FRAUD, AML, PROPENSITY, OTHER;

    /** The wire and database value: lower case, as in the API. */
    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static UseCase fromCode(String code) {
        return Codes.parse(UseCase.class, code, "useCase");
    }
}
