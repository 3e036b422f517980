package org.steward.featurestore.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.steward.featurestore.expression.ExpressionFixture.assertError;
import static org.steward.featurestore.expression.ExpressionFixture.assertEval;
import static org.steward.featurestore.expression.ExpressionFixture.compile;
import static org.steward.featurestore.expression.ExpressionFixture.eval;

/** Functions, bucketing, case-when and the arithmetic edge cases (overflow, division by zero). */
class ExpressionFunctionsTest {

    @Test
    void logExpAndSqrtAreFloat64AndNullOutsideTheirDomain() {
        assertThat((Double) eval("log(x)", "x", Math.E)).isCloseTo(1.0, within(1e-15));
        assertEval("log(a)", "a", 1L).isEqualTo(0.0);
        assertEval("log(0)").isNull();
        assertEval("log(-1)").isNull();
        assertEval("exp(0)").isEqualTo(1.0);
        assertEval("exp(1000)").isNull();
        assertEval("sqrt(a)", "a", 4L).isEqualTo(2.0);
        assertEval("sqrt(-1)").isNull();
        assertThat(compile("sqrt(4)").type()).isEqualTo(ValueType.FLOAT64);
    }

    @Test
    void absKeepsTheTypeAndNullsTheOneInt64WithoutAPositiveCounterpart() {
        assertEval("abs(a)", "a", -3L).isEqualTo(3L);
        assertEval("abs(x)", "x", -2.5).isEqualTo(2.5);
        assertEval("abs(a)", "a", Long.MIN_VALUE).isNull();
    }

    @Test
    void minAndMaxTakeAnyNumberOfArgumentsAndWidenMixedTypes() {
        assertEval("min(3, 1, 2)").isEqualTo(1L);
        assertEval("max(3, 1, 2)").isEqualTo(3L);
        assertEval("min(a)", "a", 5L).isEqualTo(5L);
        assertEval("max(1, 2.5)").isEqualTo(2.5);
        assertEval("max(3, 2.5)").isEqualTo(3.0);
        assertEval("min(a, x)", "a", -1L, "x", 0.0).isEqualTo(-1.0);
        assertError("min()", "min needs at least 1 argument at 0");
        assertError("max(1, country)", "'max' needs a number, got STRING at 7");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "round(2.675, 2)   | 2.68",
            "round(2.5)        | 3.0",
            "round(-2.5)       | -3.0",
            "round(1234.5, -2) | 1200.0",
            "round(a, 1)       | 7.0",
            "round(0.125, 2)   | 0.13"})
    void roundsHalfAwayFromZeroInDecimal(String source, double expected) {
        assertEval(source, "a", 7L).isEqualTo(expected);
    }

    @Test
    void roundTakesItsDigitsAsASmallIntegerLiteral() {
        String message = "round digits must be an integer literal from -15 to 15 at ";
        assertError("round(x, 1.5)", message + 9);
        assertError("round(x, 16)", message + 9);
        assertError("round(x, a)", "expected a number literal at 9");
        assertEval("round(x, -15)", "x", 1.0).isEqualTo(0.0);
    }

    @Test
    void coalesceTakesTheFirstNonNullValueInTheWidestType() {
        assertEval("coalesce(a, b, 0)", "a", null, "b", 2L).isEqualTo(2L);
        assertEval("coalesce(a, 0)", "a", null).isEqualTo(0L);
        assertEval("coalesce(a, x)", "a", 3L).isEqualTo(3.0);
        assertEval("coalesce(null, country)", "country", "NL").isEqualTo("NL");
        assertEval("coalesce(a)", "a", null).isNull();
        assertThat(compile("coalesce(a, x)").type()).isEqualTo(ValueType.FLOAT64);
        assertError("coalesce(a, country)", "coalesce arguments must have one type, got INT64 and STRING at 12");
        assertError("coalesce()", "coalesce needs at least 1 argument at 0");
    }

    @Test
    void isNullIsNeverNull() {
        assertEval("is_null(a)", "a", null).isEqualTo(true);
        assertEval("is_null(a)", "a", 1L).isEqualTo(false);
        assertEval("is_null(a / 0)", "a", 1L).isEqualTo(true);
        assertError("is_null(a, b)", "is_null takes 1 argument, got 2 at 0");
    }

    @ParameterizedTest
    @CsvSource({"-1e9, 0", "-1, 0", "-0.0001, 0", "0, 1", "9.99, 1", "10, 2", "99.999, 2", "100, 3", "1e9, 3"})
    void bucketCountsTheEdgesAtOrBelowTheValue(double x, long bucket) {
        assertEval("bucket(x, [0, 10, 100])", "x", x).isEqualTo(bucket);
    }

    @Test
    void bucketTakesInt64ValuesAndNegativeOrDecimalEdges() {
        assertThat(compile("bucket(a, [1])").type()).isEqualTo(ValueType.INT64);
        assertEval("bucket(a, [1])", "a", 0L).isEqualTo(0L);
        assertEval("bucket(a, [1])", "a", 1L).isEqualTo(1L);
        assertEval("bucket(a, [-1.5, 0, 2.5e1])", "a", -1L).isEqualTo(1L);
        assertEval("bucket(a, [-1.5, 0, 2.5e1])", "a", 25L).isEqualTo(3L);
    }

    @Test
    void bucketEdgesAreStrictlyAscendingNumericLiterals() {
        assertError("bucket(x, [0, 10, 10])", "bucket edges must be strictly ascending at 18 (10.0 follows 10.0)");
        assertError("bucket(x, [5, -1])", "bucket edges must be strictly ascending at 14 (-1.0 follows 5.0)");
        assertError("bucket(x, [])", "expected a number literal at 11");
        assertError("bucket(x, [a])", "expected a number literal at 11");
        assertError("bucket(x, 3)", "expected '[' at 10");
        assertError("bucket(x, [1, 2)", "expected ']' at 15");
        assertError("bucket(country, [1])", "'bucket' needs a number, got STRING at 7");
    }

    @Test
    void caseTakesTheFirstTrueBranch() {
        String source = "case when a < 0 then 'negative' when a = 0 then 'zero' else 'positive' end";
        assertEval(source, "a", -5L).isEqualTo("negative");
        assertEval(source, "a", 0L).isEqualTo("zero");
        assertEval(source, "a", 5L).isEqualTo("positive");
        assertEval("case when a > 0 then 1 when a > 1 then 2 end", "a", 5L).isEqualTo(1L);
    }

    @Test
    void caseWithoutElseGivesNull() {
        assertEval("case when flag then 1 end", "flag", false).isNull();
    }

    @Test
    void caseBranchesShareOneTypeWideningInt64() {
        Expression expression = compile("case when flag then a else x end");
        assertThat(expression.type()).isEqualTo(ValueType.FLOAT64);
        assertThat(expression.evaluate(ExpressionFixture.row("flag", true, "a", 2L))).isEqualTo(2.0);
        assertError("case when flag then a when other then country end",
                "case results must have one type, got INT64 and STRING at 38");
        assertError("case when flag then 'x' else false end",
                "case results must have one type, got STRING and BOOL at 29");
    }

    @Test
    void functionsCheckTheirArity() {
        assertError("log(1, 2)", "log takes 1 argument, got 2 at 0");
        assertError("abs()", "abs takes 1 argument, got 0 at 0");
        assertError("log(country)", "'log' needs a number, got STRING at 4");
    }

    @Test
    void int64OverflowGivesNull() {
        assertEval("a + 1", "a", Long.MAX_VALUE).isNull();
        assertEval("a - 1", "a", Long.MIN_VALUE).isNull();
        assertEval("a * 2", "a", Long.MAX_VALUE / 2 + 1).isNull();
        assertEval("a * -1", "a", Long.MIN_VALUE).isNull();
        assertEval("-a", "a", Long.MIN_VALUE).isNull();
        assertEval("a * 2", "a", Long.MAX_VALUE / 2).isEqualTo(Long.MAX_VALUE - 1);
        assertEval("a % -1", "a", Long.MIN_VALUE).isEqualTo(0L);
    }

    @Test
    void divisionAndRemainderByZeroGiveNull() {
        assertEval("a / 0", "a", 1L).isNull();
        assertEval("a % b", "a", 1L, "b", 0L).isNull();
        assertEval("x / 0.0", "x", 1.0).isNull();
        assertEval("0.0 / 0.0").isNull();
        assertEval("x % 0", "x", 1.5).isNull();
    }

    @Test
    void float64ResultsThatAreNotFiniteGiveNull() {
        assertEval("x * x", "x", 1e200).isNull();
        assertEval("x + x", "x", Double.MAX_VALUE).isNull();
    }

    @Test
    void negativeZeroIsZero() {
        assertEval("-x", "x", 0.0).isEqualTo(0.0);
        assertEval("x", "x", -0.0).isEqualTo(0.0);
        assertEval("-0.0").isEqualTo(0.0);
    }
}
