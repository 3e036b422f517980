package org.steward.governance.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The policy gates a version must pass before it can be validated. Which apply, and their bounds, are data per risk
 * tier ({@link GateConfig}); {@link #EVIDENCE} always applies, since without evidence no other gate can be judged.
 */
public enum Gate {
    EVIDENCE(Comparison.REQUIRED, "evidence present"),
    GINI_OUT_OF_TIME(Comparison.AT_LEAST, "minimum Gini on the out-of-time window"),
    PSI_DEV_VS_OOT(Comparison.AT_MOST, "maximum PSI of the score, development vs out-of-time"),
    CALIBRATION(Comparison.REQUIRED, "calibration test passed"),
    DISPARATE_IMPACT(Comparison.AT_LEAST, "minimum disparate-impact ratio for every declared protected attribute"),
    EXPLANATIONS(Comparison.REQUIRED, "explanations computed"),
    REPORT(Comparison.REQUIRED, "validation report rendered");

    /** How a gate holds its measured value against its threshold. */
    public enum Comparison {
        AT_LEAST(">="), AT_MOST("<="), REQUIRED("required");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final Comparison comparison;
    private final String description;

    Gate(Comparison comparison, String description) {
        this.comparison = comparison;
        this.description = description;
    }

    /** The wire and database name: {@code gini-out-of-time}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Comparison comparison() {
        return comparison;
    }

    public String description() {
        return description;
    }

    /** Whether a threshold goes with it, rather than a yes/no check. */
    public boolean hasThreshold() {
        return comparison != Comparison.REQUIRED;
    }

    /** Whether it is configured per tier; the evidence gate is not, and no exception can waive it. */
    public boolean configurable() {
        return this != EVIDENCE;
    }

    public static Optional<Gate> fromCode(String code) {
        return Arrays.stream(values()).filter(g -> g.code().equals(code)).findFirst();
    }

    /** The configurable gates' names, for error messages. */
    public static String configurableCodes() {
        return Arrays.stream(values()).filter(Gate::configurable).map(Gate::code).collect(Collectors.joining(", "));
    }
}
