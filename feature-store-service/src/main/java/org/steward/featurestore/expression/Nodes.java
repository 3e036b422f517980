package org.steward.featurestore.expression;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The run-time semantics of the language, one factory per construct. The compiler has settled all
 * types, so a node only casts: INT64 operands are {@link Long}, FLOAT64 ones are any
 * {@link Number} read as a double (which is how INT64 widens), and no FLOAT64 value is ever NaN
 * or infinite because {@link #real} turns those into null.
 */
final class Nodes {

    private Nodes() {
    }

    /** An INT64 operation on non-null operands; null stands for overflow or a zero divisor. */
    @FunctionalInterface
    interface LongOperation {
        Long apply(long a, long b);
    }

    enum Comparison {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(int order) {
            return switch (this) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }
    }

    /** Orders FLOAT64 values; unlike {@link Double#compare} it takes -0.0 and 0.0 as equal. */
    static final Comparator<Object> REAL_ORDER = (a, b) -> {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    };
    static final Comparator<Object> LONG_ORDER = (a, b) -> Long.compare((Long) a, (Long) b);
    static final Comparator<Object> STRING_ORDER = (a, b) -> ((String) a).compareTo((String) b);
    static final Comparator<Object> BOOL_ORDER = (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);

    /**
     * A FLOAT64 result as the language defines it: NaN and infinities become null, and -0.0 becomes
     * 0.0 so that equal values are also equal as objects (in hashes of training sets, for one).
     */
    static Double real(double value) {
        return Double.isFinite(value) ? value + 0.0 : null;
    }

    static Node constant(Object value) {
        return inputs -> value;
    }

    static Node input(int index) {
        return inputs -> inputs[index];
    }

    /** INT64 to FLOAT64, where a result must carry the wider type (case and coalesce). */
    static Node widen(Node operand) {
        return inputs -> operand.eval(inputs) instanceof Long l ? (Object) l.doubleValue() : null;
    }

    static Node longs(Node left, Node right, LongOperation operation) {
        return inputs -> {
            Object a = left.eval(inputs);
            if (a == null) {
                return null;
            }
            Object b = right.eval(inputs);
            return b == null ? null : operation.apply((Long) a, (Long) b);
        };
    }

    static Node reals(Node left, Node right, DoubleBinaryOperator operation) {
        return inputs -> {
            Object a = left.eval(inputs);
            if (a == null) {
                return null;
            }
            Object b = right.eval(inputs);
            return b == null ? null
                    : real(operation.applyAsDouble(((Number) a).doubleValue(), ((Number) b).doubleValue()));
        };
    }

    static Node function(Node operand, DoubleUnaryOperator function) {
        return inputs -> operand.eval(inputs) instanceof Number x ? real(function.applyAsDouble(x.doubleValue())) : null;
    }

    static Long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? null : sum;
    }

    static Long subtract(long a, long b) {
        long difference = a - b;
        return ((a ^ b) & (a ^ difference)) < 0 ? null : difference;
    }

    static Long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) || (high == -1 && low < 0) ? low : null;
    }

    static Long remainder(long a, long b) {
        return b == 0 ? null : a % b;
    }

    static Node negateLong(Node operand) {
        return inputs -> operand.eval(inputs) instanceof Long a && a != Long.MIN_VALUE ? (Object) (-a) : null;
    }

    static Node absLong(Node operand) {
        return inputs -> operand.eval(inputs) instanceof Long a && a != Long.MIN_VALUE ? (Object) Math.abs(a) : null;
    }

    /** min or max; null if any argument is null. */
    static Node extreme(Node[] arguments, boolean max, boolean integral) {
        Comparator<Object> order = integral ? LONG_ORDER : REAL_ORDER;
        int sign = max ? 1 : -1;
        return inputs -> {
            Object best = null;
            for (Node argument : arguments) {
                Object value = argument.eval(inputs);
                if (value == null) {
                    return null;
                }
                if (best == null || sign * order.compare(value, best) > 0) {
                    best = value;
                }
            }
            return integral ? best : (Object) ((Number) best).doubleValue();
        };
    }

    /** Rounds half away from zero, in decimal, so that round(2.675, 2) is 2.68 as written. */
    static Node round(Node operand, int digits) {
        return function(operand, x -> BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).doubleValue());
    }

    /** The number of edges at or below x, found by binary search over the ascending edges. */
    static Node bucket(Node operand, double[] edges) {
        return inputs -> {
            if (!(operand.eval(inputs) instanceof Number number)) {
                return null;
            }
            double x = number.doubleValue();
            int low = 0;
            int high = edges.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (edges[middle] <= x) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return (long) low;
        };
    }

    static Node compare(Node left, Node right, Comparator<Object> order, Comparison comparison) {
        return inputs -> {
            Object a = left.eval(inputs);
            if (a == null) {
                return null;
            }
            Object b = right.eval(inputs);
            return b == null ? null : comparison.holds(order.compare(a, b));
        };
    }

    /** Three-valued: false wins over null, which wins over true. */
    static Node and(Node left, Node right) {
        return inputs -> {
            Object a = left.eval(inputs);
            if (Boolean.FALSE.equals(a)) {
                return false;
            }
            Object b = right.eval(inputs);
            if (Boolean.FALSE.equals(b)) {
                return false;
            }
            return a == null || b == null ? null : true;
        };
    }

    /** Three-valued: true wins over null, which wins over false. */
    static Node or(Node left, Node right) {
        return inputs -> {
            Object a = left.eval(inputs);
            if (Boolean.TRUE.equals(a)) {
                return true;
            }
            Object b = right.eval(inputs);
            if (Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : false;
        };
    }

    static Node not(Node operand) {
        return inputs -> operand.eval(inputs) instanceof Boolean b ? (Object) !b : null;
    }

    static Node isNull(Node operand) {
        return inputs -> operand.eval(inputs) == null;
    }

    static Node coalesce(Node[] arguments) {
        return inputs -> {
            for (Node argument : arguments) {
                Object value = argument.eval(inputs);
                if (value != null) {
                    return value;
                }
            }
            return null;
        };
    }

    /** The result of the first condition that is true; a null condition is not true. */
    static Node caseWhen(Node[] conditions, Node[] results, Node otherwise) {
        return inputs -> {
            for (int i = 0; i < conditions.length; i++) {
                if (Boolean.TRUE.equals(conditions[i].eval(inputs))) {
                    return results[i].eval(inputs);
                }
            }
            return otherwise.eval(inputs);
        };
    }
}
