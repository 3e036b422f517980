package org.steward.runtime;

import java.util.Map;

/**
 * Reads one input of a row with the checks every format shares; see {@link ScoringModel} for the rules. Public so
 * that explanations read rows exactly as scoring does.
 */
public final class Inputs {

    private Inputs() {
    }

    /** A {@link FieldType#NUMBER} or {@link FieldType#BOOLEAN} input as a double: NaN when missing, 1/0 for booleans. */
    public static double number(Map<String, ?> row, InputField field) {
        Object value = row.get(field.name());
        if (value == null) {
            return Double.NaN;
        }
        return switch (field.type()) {
            case NUMBER -> value instanceof Number number ? number.doubleValue() : wrongType(field, value);
            case BOOLEAN -> value instanceof Boolean bool ? (bool ? 1.0 : 0.0) : wrongType(field, value);
            case STRING -> throw new IllegalStateException("input '" + field.name() + "' is a string, not a number");
        };
    }

    /** A {@link FieldType#STRING} input, or {@code null} when missing. */
    public static String string(Map<String, ?> row, InputField field) {
        Object value = row.get(field.name());
        if (value == null || value instanceof String) {
            return (String) value;
        }
        return wrongType(field, value);
    }

    private static <T> T wrongType(InputField field, Object value) {
        throw new IllegalArgumentException("input '" + field.name() + "' must be a " + field.type()
                + ", got a " + value.getClass().getSimpleName());
    }
}
