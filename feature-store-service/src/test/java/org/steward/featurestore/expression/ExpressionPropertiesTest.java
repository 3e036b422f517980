package org.steward.featurestore.expression;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.steward.featurestore.expression.ValueType.FLOAT64;
import static org.steward.featurestore.expression.ValueType.INT64;

/**
 * Random arithmetic over random inputs evaluates to what a straightforward reference computes
 * (with Java's exact arithmetic and explicit null checks), never throws, and survives
 * recompiling its own source.
 */
class ExpressionPropertiesTest {

    private static final Map<String, ValueType> INPUTS = Map.of("a", INT64, "b", INT64, "x", FLOAT64, "y", FLOAT64);

    /** The test's own syntax tree, rendered to source and computed independently of the compiler. */
    sealed interface Term {
    }

    record Literal(Number value) implements Term {
    }

    record Input(String name) implements Term {
    }

    record Negate(Term operand) implements Term {
    }

    record Binary(char operator, Term left, Term right) implements Term {
    }

    record Call(String function, List<Term> arguments) implements Term {
    }

    @Property(tries = 2000)
    void evaluatesLikeTheReference(@ForAll("terms") Term term, @ForAll("rows") Map<String, Object> row) {
        Object expected = reference(term, row);
        for (String source : List.of(render(term, false), render(term, true))) {
            Expression expression = Expression.compile(source, INPUTS);
            assertThat(expression.type()).as(source).isEqualTo(type(term));
            assertThat(expression.evaluate(row)).as(source + " over " + row).isEqualTo(expected);
        }
    }

    @Property(tries = 500)
    void recompilingTheSourceGivesTheSameExpression(@ForAll("terms") Term term, @ForAll("rows") Map<String, Object> row) {
        Expression expression = Expression.compile(render(term, false), INPUTS);
        Expression again = Expression.compile(expression.source(), INPUTS);
        assertThat(again).isEqualTo(expression);
        assertThat(again.type()).isEqualTo(expression.type());
        assertThat(again.inputs()).containsExactlyElementsOf(expression.inputs());
        assertThat(again.evaluate(row)).isEqualTo(expression.evaluate(row));
    }

    @Provide
    Arbitrary<Term> terms() {
        Arbitrary<Term> literals = Arbitraries.oneOf(
                Arbitraries.longs().map(Literal::new),
                Arbitraries.longs().between(-3, 3).map(Literal::new),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).map(Literal::new),
                Arbitraries.doubles().map(Literal::new));
        Arbitrary<Term> inputs = Arbitraries.of("a", "b", "x", "y").map(Input::new);
        return Arbitraries.recursive(() -> Arbitraries.oneOf(literals, inputs), this::deeper, 0, 5);
    }

    private Arbitrary<Term> deeper(Arbitrary<Term> terms) {
        return Arbitraries.oneOf(
                terms.map(Negate::new),
                Combinators.combine(Arbitraries.of('+', '-', '*', '/', '%'), terms, terms).as(Binary::new),
                Combinators.combine(Arbitraries.of("abs", "log", "exp", "sqrt"), terms)
                        .as((function, operand) -> new Call(function, List.of(operand))),
                Combinators.combine(Arbitraries.of("min", "max"), terms.list().ofMinSize(1).ofMaxSize(3))
                        .as(Call::new));
    }

    @Provide
    Arbitrary<Map<String, Object>> rows() {
        Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-5, 5))
                .injectNull(0.1);
        Arbitrary<Double> doubles = Arbitraries.oneOf(
                        Arbitraries.doubles().withStandardSpecialValues(),
                        Arbitraries.doubles().between(-100, 100).ofScale(2))
                .injectNull(0.1);
        return Combinators.combine(longs, longs, doubles, doubles).as((a, b, x, y) -> {
            Map<String, Object> row = new HashMap<>();
            row.put("a", a);
            row.put("b", b);
            row.put("x", x);
            row.put("y", y);
            return row;
        });
    }

    /** Fully parenthesized, or with only the parentheses that precedence requires. */
    private static String render(Term term, boolean parenthesize) {
        return switch (term) {
            case Literal literal -> literal.value().toString();
            case Input input -> input.name();
            case Negate negate -> "-" + operand(negate.operand(), precedence(negate), parenthesize, false);
            case Binary binary -> (parenthesize ? "(" : "")
                    + operand(binary.left(), precedence(binary), parenthesize, false)
                    + " " + binary.operator() + " "
                    + operand(binary.right(), precedence(binary), parenthesize, true)
                    + (parenthesize ? ")" : "");
            case Call call -> call.function() + "("
                    + String.join(", ", call.arguments().stream().map(a -> render(a, parenthesize)).toList()) + ")";
        };
    }

    private static String operand(Term operand, int outer, boolean parenthesize, boolean right) {
        String source = render(operand, parenthesize);
        int inner = precedence(operand);
        return inner < outer || (right && inner == outer) ? "(" + source + ")" : source;
    }

    private static int precedence(Term term) {
        return switch (term) {
            case Binary binary -> binary.operator() == '+' || binary.operator() == '-' ? 1 : 2;
            case Negate negate -> 3;
            case Literal literal -> literal.value().doubleValue() < 0 || literal.value().toString().startsWith("-") ? 3 : 4;
            default -> 4;
        };
    }

    private static ValueType type(Term term) {
        return switch (term) {
            case Literal literal -> literal.value() instanceof Long ? INT64 : FLOAT64;
            case Input input -> INPUTS.get(input.name());
            case Negate negate -> type(negate.operand());
            case Binary binary -> binary.operator() != '/' && type(binary.left()) == INT64
                    && type(binary.right()) == INT64 ? INT64 : FLOAT64;
            case Call call -> switch (call.function()) {
                case "abs" -> type(call.arguments().getFirst());
                case "min", "max" -> call.arguments().stream().allMatch(a -> type(a) == INT64) ? INT64 : FLOAT64;
                default -> FLOAT64;
            };
        };
    }

    private static Object reference(Term term, Map<String, Object> row) {
        return switch (term) {
            case Literal literal -> literal.value() instanceof Double d ? finite(d) : literal.value();
            case Input input -> row.get(input.name()) instanceof Double d ? finite(d) : row.get(input.name());
            case Negate negate -> switch (reference(negate.operand(), row)) {
                case null -> null;
                case Long l -> exactly(0, l, Math::subtractExact);
                case Object d -> finite(-(Double) d);
            };
            case Binary binary -> binary(binary, row);
            case Call call -> call(call, row);
        };
    }

    private static Object binary(Binary binary, Map<String, Object> row) {
        Object left = reference(binary.left(), row);
        Object right = reference(binary.right(), row);
        if (left == null || right == null) {
            return null;
        }
        if (type(binary) == INT64) {
            long a = (Long) left;
            long b = (Long) right;
            return switch (binary.operator()) {
                case '+' -> exactly(a, b, Math::addExact);
                case '-' -> exactly(a, b, Math::subtractExact);
                case '*' -> exactly(a, b, Math::multiplyExact);
                default -> b == 0 ? null : a % b;
            };
        }
        double a = ((Number) left).doubleValue();
        double b = ((Number) right).doubleValue();
        if ((binary.operator() == '/' || binary.operator() == '%') && b == 0) {
            return null;
        }
        return finite(switch (binary.operator()) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '/' -> a / b;
            default -> a % b;
        });
    }

    private static Object call(Call call, Map<String, Object> row) {
        List<Object> values = call.arguments().stream().map(a -> reference(a, row)).toList();
        if (values.contains(null)) {
            return null;
        }
        if (type(call) == INT64) {
            List<Long> longs = values.stream().map(Long.class::cast).toList();
            return switch (call.function()) {
                case "abs" -> longs.getFirst() == Long.MIN_VALUE ? null : Math.abs(longs.getFirst());
                case "min" -> longs.stream().min(Long::compare).orElseThrow();
                default -> longs.stream().max(Long::compare).orElseThrow();
            };
        }
        List<Double> doubles = values.stream().map(v -> ((Number) v).doubleValue()).toList();
        double x = doubles.getFirst();
        DoubleUnaryOperator function = switch (call.function()) {
            case "abs" -> Math::abs;
            case "log" -> v -> v > 0 ? Math.log(v) : Double.NaN;
            case "exp" -> Math::exp;
            case "sqrt" -> v -> v >= 0 ? Math.sqrt(v) : Double.NaN;
            case "min" -> v -> doubles.stream().reduce(Double.POSITIVE_INFINITY, Math::min);
            default -> v -> doubles.stream().reduce(Double.NEGATIVE_INFINITY, Math::max);
        };
        return finite(function.applyAsDouble(x));
    }

    private static Long exactly(long a, long b, LongBinaryOperator operation) {
        try {
            return operation.applyAsLong(a, b);
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    /** FLOAT64 values as the language defines them: finite or null, with no negative zero. */
    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : (value == 0 ? 0.0 : value);
    }
}
