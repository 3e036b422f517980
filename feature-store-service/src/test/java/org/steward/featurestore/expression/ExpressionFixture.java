package org.steward.featurestore.expression;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.AbstractThrowableAssert;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.steward.featurestore.expression.ValueType.BOOL;
import static org.steward.featurestore.expression.ValueType.FLOAT64;
import static org.steward.featurestore.expression.ValueType.INT64;
import static org.steward.featurestore.expression.ValueType.STRING;

/** The inputs the example-based tests compile against, and short ways to evaluate and to expect errors. */
final class ExpressionFixture {

    static final Map<String, ValueType> INPUTS = Map.of(
            "a", INT64, "b", INT64,
            "x", FLOAT64, "y", FLOAT64, "income", FLOAT64, "txn.amount", FLOAT64,
            "flag", BOOL, "other", BOOL,
            "country", STRING);

    private ExpressionFixture() {
    }

    static Expression compile(String source) {
        return Expression.compile(source, INPUTS);
    }

    /** A row from alternating names and values; values may be null. */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    static Object eval(String source, Object... namesAndValues) {
        return compile(source).evaluate(row(namesAndValues));
    }

    static AbstractObjectAssert<?, Object> assertEval(String source, Object... namesAndValues) {
        return assertThat(eval(source, namesAndValues));
    }

    /** Asserts that compiling fails with exactly this message, whose position must match {@code position()}. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertError(String source, String message) {
        return assertThatThrownBy(() -> compile(source))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(message).contains(" at " + ((ExpressionException) e).position()));
    }
}
