package org.steward.featurestore.expression;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.steward.featurestore.expression.ExpressionFixture.assertError;
import static org.steward.featurestore.expression.ExpressionFixture.assertEval;
import static org.steward.featurestore.expression.ExpressionFixture.compile;
import static org.steward.featurestore.expression.ExpressionFixture.eval;
import static org.steward.featurestore.expression.ExpressionFixture.row;

/** Syntax, precedence, types, names, limits and the public API of {@link Expression}. */
class ExpressionTest {

    @Nested
    class Precedence {

        @Test
        void multiplicationBindsTighterThanAddition() {
            assertEval("1 + 2 * 3").isEqualTo(7L);
            assertEval("(1 + 2) * 3").isEqualTo(9L);
            assertEval("2 * 3 % 4").isEqualTo(2L);
        }

        @Test
        void binaryOperatorsAssociateToTheLeft() {
            assertEval("10 - 4 - 3").isEqualTo(3L);
            assertEval("64 / 4 / 2").isEqualTo(8.0);
        }

        @Test
        void unaryMinusBindsTighterThanMultiplication() {
            assertEval("-2 * 3").isEqualTo(-6L);
            assertEval("- a * 2", "a", 5L).isEqualTo(-10L);
            assertEval("2 - -a", "a", 5L).isEqualTo(7L);
            assertEval("--a", "a", 5L).isEqualTo(5L);
        }

        @Test
        void notBindsTighterThanAndWhichBindsTighterThanOr() {
            assertEval("not flag and other", "flag", false, "other", false).isEqualTo(false);
            assertEval("flag or other and false", "flag", true, "other", true).isEqualTo(true);
            assertEval("not not flag", "flag", true).isEqualTo(true);
        }

        @Test
        void comparisonBindsTighterThanNotAndLooserThanArithmetic() {
            assertEval("not a = 1", "a", 1L).isEqualTo(false);
            assertEval("a + 1 > 2 * 1", "a", 2L).isEqualTo(true);
            assertEval("a > 1 and a < 3", "a", 2L).isEqualTo(true);
        }

        @Test
        void comparisonsDoNotChain() {
            assertError("1 < a < 3", "comparisons cannot be chained at 6 (combine them with 'and')");
        }
    }

    @Nested
    class Literals {

        @Test
        void numbersAreInt64UnlessTheyHaveAFractionOrExponent() {
            assertThat(compile("42").type()).isEqualTo(ValueType.INT64);
            assertEval("42").isEqualTo(42L);
            assertEval("2.5").isEqualTo(2.5);
            assertEval("1e3").isEqualTo(1000.0);
            assertEval("2.5E-1").isEqualTo(0.25);
            assertEval("1.5e+2").isEqualTo(150.0);
        }

        @Test
        void int64CoversItsWholeRange() {
            assertEval("9223372036854775807").isEqualTo(Long.MAX_VALUE);
            assertEval("-9223372036854775808").isEqualTo(Long.MIN_VALUE);
            assertError("9223372036854775808",
                    "integer 9223372036854775808 does not fit in INT64 at 0 (write it as a decimal, e.g. 9223372036854775808.0)");
            assertError("1 + 1e999", "number 1e999 does not fit in FLOAT64 at 4");
        }

        @Test
        void stringsUseSingleQuotesAndDoubleThemToEscape() {
            assertEval("'it''s'").isEqualTo("it's");
            assertEval("''").isEqualTo("");
            assertError("country = 'NL", "unterminated string at 10 (close it with ' and write a quote inside as '')");
            assertError("country = \"NL\"", "unexpected '\"' at 10 (strings are written in single quotes)");
        }

        @Test
        void keywordsAndFunctionNamesIgnoreCase() {
            assertEval("CASE WHEN flag THEN 1 ELSE 0 END", "flag", true).isEqualTo(1L);
            assertEval("TRUE And Not FALSE").isEqualTo(true);
            assertEval("LOG(1)").isEqualTo(0.0);
        }
    }

    @Nested
    class Syntax {

        @Test
        void reportsWhatWasExpectedAndWhere() {
            assertError("(1 + 2", "expected ')' at 6");
            assertError("1 +", "expected a value at 3");
            assertError("", "expected a value at 0");
            assertError("1 2", "unexpected '2' at 2");
            assertError("min(1, 2", "expected ')' at 8");
            assertError("a + then", "expected a value at 4");
            assertError("case flag then 1 end", "expected 'when' at 5");
            assertError("case when flag 1 end", "expected 'then' at 15");
            assertError("case when flag then 1", "expected 'end' at 21");
        }

        @Test
        void thereIsNoPowerOperator() {
            assertError("-2 ^ 3", "unexpected '^' at 3 (there is no power operator; use exp(y * log(x)))");
        }

        @Test
        void pointsPeopleFromOtherLanguagesToTheRightOperator() {
            assertError("a == 1", "unexpected '==' at 2 (use '=' to compare)");
            assertError("flag && other", "unexpected '&&' at 5 (use 'and')");
            assertError("flag || other", "unexpected '||' at 5 (use 'or')");
            assertError("!flag", "unexpected '!' at 0 (use 'not' or '!=')");
            assertError("a # b", "unexpected character '#' at 2");
        }

        @Test
        void whitespaceIsFree() {
            assertEval(" \t1\n+\r\n2 ").isEqualTo(3L);
        }
    }

    @Nested
    class Types {

        @Test
        void int64ArithmeticStaysInt64ExceptDivision() {
            assertThat(compile("a + b * a - b % 2").type()).isEqualTo(ValueType.INT64);
            assertThat(compile("a / b").type()).isEqualTo(ValueType.FLOAT64);
            assertEval("7 / 2").isEqualTo(3.5);
            assertEval("7 % 3").isEqualTo(1L);
            assertEval("-7 % 3").isEqualTo(-1L);
        }

        @Test
        void aFloat64OperandWidensTheResult() {
            assertThat(compile("a + x").type()).isEqualTo(ValueType.FLOAT64);
            assertEval("a + x", "a", 1L, "x", 0.5).isEqualTo(1.5);
            assertEval("7.5 % 2").isEqualTo(1.5);
            assertEval("a * 1.0", "a", 3L).isEqualTo(3.0);
        }

        @Test
        void comparesNumbersWithNumbersStringsWithStringsAndBoolsForEquality() {
            assertEval("a < x", "a", 1L, "x", 1.5).isEqualTo(true);
            assertEval("1 = 1.0").isEqualTo(true);
            assertEval("a != b", "a", 1L, "b", 1L).isEqualTo(false);
            assertEval("a <= b", "a", 1L, "b", 1L).isEqualTo(true);
            assertEval("a >= b", "a", 0L, "b", 1L).isEqualTo(false);
            assertEval("x > y", "x", 2.0, "y", 1.0).isEqualTo(true);
            assertEval("country = 'NL'", "country", "NL").isEqualTo(true);
            assertEval("'abc' < 'abd'").isEqualTo(true);
            assertEval("'b' >= 'abc'").isEqualTo(true);
            assertEval("flag = true", "flag", true).isEqualTo(true);
            assertEval("flag != other", "flag", true, "other", false).isEqualTo(true);
        }

        @Test
        void rejectsComparisonsAcrossTypes() {
            assertError("country = 1.5", "cannot compare STRING with FLOAT64 at 8");
            assertError("flag = 1", "cannot compare BOOL with INT64 at 5");
            assertError("flag < other", "cannot order BOOL values with '<' at 5 (only = and != apply to BOOL)");
        }

        @Test
        void arithmeticNeedsNumbers() {
            assertError("country + 'x'", "'+' needs a number, got STRING at 0 (+ does not concatenate strings)");
            assertError("a * flag", "'*' needs a number, got BOOL at 4");
            assertError("-country", "'-' needs a number, got STRING at 1");
        }

        @Test
        void logicNeedsBools() {
            assertError("a and flag", "'and' needs BOOL, got INT64 at 0");
            assertError("flag or country", "'or' needs BOOL, got STRING at 8");
            assertError("not x", "'not' needs BOOL, got FLOAT64 at 4");
            assertError("case when a then 1 end", "'when' needs BOOL, got INT64 at 10");
        }

        @Test
        void nullIsOnlyAllowedWhereItHasAType() {
            String hint = " (test for null with is_null(x) or replace it with coalesce(x, default))";
            assertError("a = null", "null is not allowed here at 4" + hint);
            assertError("x + null", "null is not allowed here at 4" + hint);
            assertError("log(null)", "null is not allowed here at 4" + hint);
            assertError("is_null(null)", "null is not allowed here at 8" + hint);
            assertError("null", "the expression is always null at 0");
            assertError("coalesce(null, null)", "the expression is always null at 0");
            assertThat(compile("case when flag then null else a end").type()).isEqualTo(ValueType.INT64);
        }
    }

    @Nested
    class Names {

        @Test
        void suggestsTheClosestDeclaredFeature() {
            assertError("income * incme", "unknown feature 'incme' at 9 (did you mean 'income'?)");
            assertError("Income", "unknown feature 'Income' at 0 (did you mean 'income'?)");
            assertError("txn.amout", "unknown feature 'txn.amout' at 0 (did you mean 'txn.amount'?)");
            assertError("zzz", "unknown feature 'zzz' at 0");
        }

        @Test
        void suggestsTheClosestFunction() {
            assertError("lg(x)", "unknown function 'lg' at 0 (did you mean 'log'?)");
            assertError("isnull(x)", "unknown function 'isnull' at 0 (did you mean 'is_null'?)");
            assertError("log + 1", "unknown feature 'log' at 0 (log is a function: write log(...))");
        }

        @Test
        void readsQualifiedNames() {
            assertEval("txn.amount * 2", "txn.amount", 2.5).isEqualTo(5.0);
        }

        @Test
        void listsTheInputsActuallyReadInOrderOfFirstUse() {
            Expression expression = compile("x + a * x - coalesce(b, 0)");
            assertThat(expression.inputs()).containsExactly("x", "a", "b");
            assertThat(compile("1 + 1").inputs()).isEmpty();
        }

        @Test
        void aFunctionNameCanAlsoNameAnInput() {
            Expression expression = Expression.compile("log(log)", Map.of("log", ValueType.FLOAT64));
            assertThat(expression.evaluate(Map.of("log", 1.0))).isEqualTo(0.0);
        }
    }

    @Nested
    class Limits {

        @Test
        void acceptsUpToMaxDepthNestedLevels() {
            int depth = Expression.MAX_DEPTH;
            assertEval("(".repeat(depth) + "a" + ")".repeat(depth), "a", 1L).isEqualTo(1L);
            assertEval("-".repeat(depth) + "a", "a", 1L).isEqualTo(1L);
            assertEval("abs(".repeat(depth) + "a" + ")".repeat(depth), "a", -1L).isEqualTo(1L);
        }

        @Test
        void rejectsDeeperNesting() {
            int depth = Expression.MAX_DEPTH + 1;
            assertError("(".repeat(depth) + "a" + ")".repeat(depth), "expression nests deeper than 64 levels at 64");
            assertError("-".repeat(depth) + "a", "expression nests deeper than 64 levels at 64");
            assertError("not ".repeat(depth) + "flag", "expression nests deeper than 64 levels at 256");
            assertError("abs(".repeat(depth) + "a" + ")".repeat(depth),
                    "expression nests deeper than 64 levels at 259");
        }

        @Test
        void acceptsUpToMaxLengthCharacters() {
            String longest = "a" + " + 1".repeat((Expression.MAX_LENGTH - 1) / 4);
            String padded = longest + " ".repeat(Expression.MAX_LENGTH - longest.length());
            assertThat(padded).hasSize(Expression.MAX_LENGTH);
            assertThat(compile(padded).evaluate(row("a", 0L))).isEqualTo((long) (Expression.MAX_LENGTH - 1) / 4);
            assertError(padded + " ", "expression is longer than 4096 characters at 4096");
        }

        @Test
        void evaluatesTheLongestChainsWithoutExhaustingTheStack() {
            String chain = "a" + " + a".repeat((Expression.MAX_LENGTH - 1) / 4);
            assertThat(compile(chain).evaluate(row("a", 1L))).isEqualTo((long) (Expression.MAX_LENGTH - 1) / 4 + 1);
        }
    }

    @Nested
    class Evaluation {

        @Test
        void widensIntegerAndFloatInputs() {
            assertEval("a", "a", 7).isEqualTo(7L);
            assertEval("x", "x", 0.5f).isEqualTo(0.5);
            assertEval("x", "x", 3L).isEqualTo(3.0);
            assertEval("x", "x", 3).isEqualTo(3.0);
        }

        @Test
        void rejectsValuesOfTheWrongJavaTypeNamingTheInput() {
            assertThatThrownBy(() -> eval("a + 1", "a", 1.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("input 'a' must be INT64 (Long or Integer), got Double");
            assertThatThrownBy(() -> eval("country = 'NL'", "country", 'N'))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("input 'country' must be STRING (String), got Character");
            assertThatThrownBy(() -> eval("flag", "flag", "true"))
                    .hasMessage("input 'flag' must be BOOL (Boolean), got String");
        }

        @Test
        void checksEveryReferencedInputEvenOnAnUntakenBranch() {
            assertThatThrownBy(() -> eval("case when true then 1 else a end", "a", "one"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void ignoresRowEntriesTheExpressionDoesNotRead() {
            assertEval("a + 1", "a", 1L, "unrelated", new Object()).isEqualTo(2L);
        }

        @Test
        void isIndependentOfWhichInputsWereDeclaredButUnused() {
            Expression narrow = Expression.compile("a + 1", Map.of("a", ValueType.INT64));
            assertThat(narrow).isEqualTo(compile("a + 1")).hasSameHashCodeAs(compile("a + 1"));
            assertThat(narrow).isNotEqualTo(Expression.compile("a + 1", Map.of("a", ValueType.FLOAT64)));
            assertThat(narrow.source()).isEqualTo("a + 1");
            assertThat(narrow).hasToString("a + 1 : INT64");
        }
    }
}
