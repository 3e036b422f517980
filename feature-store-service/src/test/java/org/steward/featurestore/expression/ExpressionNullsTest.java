package org.steward.featurestore.expression;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.steward.featurestore.expression.ExpressionFixture.assertEval;
import static org.steward.featurestore.expression.ExpressionFixture.compile;

/** Every null rule of the language, one by one. */
class ExpressionNullsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "a + 1", "1 - a", "a * 2", "a / 2", "a % 2", "-a", "x + 1.5", "-x",
            "a = 1", "a != 1", "a < 1", "x >= 1", "country = 'NL'", "country < 'NL'", "flag = true",
            "log(x)", "exp(x)", "sqrt(x)", "abs(a)", "abs(x)", "min(a, 1)", "max(1, x)", "round(x, 2)",
            "bucket(x, [0, 1])", "bucket(a, [0])", "not flag"})
    void aNullOperandGivesNull(String source) {
        assertThat(compile(source).evaluate(Map.of())).isNull();
    }

    @ParameterizedTest(name = "{0} and {1} = {2}; {0} or {1} = {3}")
    @CsvSource(nullValues = "null", value = {
            "true,  true,  true,  true",
            "true,  false, false, true",
            "true,  null,  null,  true",
            "false, true,  false, true",
            "false, false, false, false",
            "false, null,  false, null",
            "null,  true,  null,  true",
            "null,  false, false, null",
            "null,  null,  null,  null"})
    void andAndOrUseThreeValuedLogic(Boolean flag, Boolean other, Boolean and, Boolean or) {
        assertEval("flag and other", "flag", flag, "other", other).isEqualTo(and);
        assertEval("flag or other", "flag", flag, "other", other).isEqualTo(or);
    }

    @Test
    void aNullCaseConditionCountsAsFalse() {
        assertEval("case when flag then 1 else 2 end", "flag", null).isEqualTo(2L);
        assertEval("case when a > 0 then 1 when true then 2 end", "a", null).isEqualTo(2L);
        assertEval("case when not flag then 1 else 2 end", "flag", null).isEqualTo(2L);
    }

    @Test
    void coalesceAndIsNullSeeNulls() {
        assertEval("coalesce(a, b, 0)", "a", null, "b", null).isEqualTo(0L);
        assertEval("is_null(country)", "country", null).isEqualTo(true);
    }

    @Test
    void aMissingInputIsNull() {
        assertEval("is_null(a)").isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteFloat64InputsAreNull(double value) {
        assertEval("is_null(x)", "x", value).isEqualTo(true);
        assertEval("x + 1", "x", value).isNull();
        assertEval("is_null(x)", "x", (float) value).isEqualTo(true);
    }
}
