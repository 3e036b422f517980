package org.steward.registry.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a model decides; it selects the business KPIs and the policy gates that apply. */
public enum UseCase {
    CREDIT, FRAUD, AML, PROPENSITY, OTHER;

    /** The wire and database value: lower case, as in the API. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static UseCase fromCode(String code) {
        return Arrays.stream(values()).filter(u -> u.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("useCase must be one of "
                        + Arrays.stream(values()).map(UseCase::code).collect(Collectors.joining(", ")) + ", not '" + code + "'"));
    }
}
