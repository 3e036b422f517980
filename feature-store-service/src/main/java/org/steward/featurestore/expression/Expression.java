package org.steward.featurestore.expression;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An on-demand feature transformation, compiled once and evaluated by this same code when training
 * sets are built and when features are served, so that the two can never disagree.
 *
 * <h2>Language</h2>
 * <ul>
 *   <li>Literals: integers ({@code INT64}), decimals and scientific notation ({@code FLOAT64}),
 *       {@code 'strings'} with {@code ''} for a quote, {@code true}, {@code false}, {@code null}.</li>
 *   <li>Names: the declared inputs, made of letters, digits and underscores, optionally qualified
 *       with dots ({@code view.feature}). Keywords ({@code and or not true false null case when then
 *       else end}) and function names are case-insensitive; input names are not.</li>
 *   <li>Operators, loosest first: {@code or}; {@code and}; {@code not}; one comparison
 *       {@code = != < <= > >=} (numbers with numbers, strings with strings in {@link String#compareTo}
 *       order, BOOL with {@code =} and {@code !=} only; comparisons do not chain); {@code + -};
 *       {@code * / %}; unary minus. INT64 with INT64 gives INT64, except that {@code /} always gives
 *       FLOAT64; a FLOAT64 operand makes the result FLOAT64. {@code %} takes the sign of the dividend.
 *       There is no string concatenation.</li>
 *   <li>Functions: {@code log} (natural), {@code exp}, {@code sqrt} (all FLOAT64); {@code abs};
 *       {@code min(a, ...)} and {@code max(a, ...)}; {@code round(x)} and {@code round(x, digits)}
 *       (FLOAT64, decimal half away from zero, digits an integer literal in [-15, 15]);
 *       {@code coalesce(a, ...)}; {@code is_null(x)}; {@code bucket(x, [e1, e2, ...])}, the number of
 *       edges at or below x (x &lt; e1 gives 0, x &gt;= the last edge gives the number of edges) with
 *       the edges numeric literals in strictly ascending order and x compared as FLOAT64.</li>
 *   <li>{@code case when c1 then v1 ... [else v] end}; without {@code else} the result is null.
 *       The results of {@code case} and the arguments of {@code coalesce} must share one type, INT64
 *       widening to FLOAT64; the literal {@code null} is allowed only there.</li>
 * </ul>
 *
 * <h2>Nulls, SQL-like</h2>
 * <ul>
 *   <li>An operator or function with a null operand gives null, except {@code coalesce} (the first
 *       non-null argument), {@code is_null}, and {@code and}/{@code or}, which use three-valued logic:
 *       {@code false and null} is false, {@code true or null} is true, other mixes with null are null.</li>
 *   <li>A null {@code case} condition counts as false.</li>
 *   <li>Division or remainder by zero, INT64 overflow, {@code log} of x &lt;= 0 and {@code sqrt} of
 *       x &lt; 0 give null, and so does any FLOAT64 result that is NaN or infinite. FLOAT64 inputs that
 *       are NaN or infinite are read as null, and -0.0 as 0.0.</li>
 *   <li>An input missing from the row is null.</li>
 * </ul>
 * Evaluation never throws for values of the declared types; a value of another Java type throws
 * {@link IllegalArgumentException}. INT64 inputs accept {@link Long} and {@link Integer}; FLOAT64
 * inputs accept {@link Double} and {@link Float}, and widen {@link Long} and {@link Integer}.
 *
 * <h2>Safety</h2>
 * Sources are at most {@value #MAX_LENGTH} characters and nest at most {@value #MAX_DEPTH} levels
 * (parentheses, calls, {@code case}, unary operators). The language has no loops, recursion or
 * access to anything but its inputs, so evaluation takes time linear in the size of the expression.
 * Instances are immutable and thread-safe; evaluation allocates only the array of input values and
 * boxed results.
 */
public final class Expression {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 64;

    private final String source;
    private final ValueType type;
    private final Map<String, ValueType> inputs;
    private final String[] names;
    private final ValueType[] types;
    private final Node root;

    private Expression(String source, Parser.Compiled compiled) {
        this.source = source;
        this.type = compiled.type();
        this.inputs = compiled.inputs();
        this.names = inputs.keySet().toArray(String[]::new);
        this.types = inputs.values().toArray(ValueType[]::new);
        this.root = compiled.root();
    }

    /**
     * Parses, resolves and type-checks {@code source} against the declared inputs.
     *
     * @throws ExpressionException if the source is not a valid expression over these inputs
     */
    public static Expression compile(String source, Map<String, ValueType> inputs) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputs, "inputs");
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionException("expression is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        return new Expression(source, Parser.compile(source, inputs));
    }

    public String source() {
        return source;
    }

    /** The type of every non-null result. */
    public ValueType type() {
        return type;
    }

    /** The inputs the expression reads, in order of first appearance. */
    public Set<String> inputs() {
        return inputs.keySet();
    }

    /**
     * Evaluates over one row of input values, keyed by input name.
     *
     * @return a Long, Double, Boolean or String according to {@link #type()}, or null
     * @throws IllegalArgumentException if a referenced input holds a value of the wrong Java type
     */
    public Object evaluate(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = accept(names[i], types[i], row.get(names[i]));
        }
        return root.eval(values);
    }

    private static Object accept(String name, ValueType type, Object value) {
        return switch (value) {
            case null -> null;
            case Long l when type == ValueType.INT64 -> l;
            case Integer i when type == ValueType.INT64 -> i.longValue();
            case Double d when type == ValueType.FLOAT64 -> Nodes.real(d);
            case Float f when type == ValueType.FLOAT64 -> Nodes.real(f);
            case Long l when type == ValueType.FLOAT64 -> l.doubleValue();
            case Integer i when type == ValueType.FLOAT64 -> i.doubleValue();
            case Boolean b when type == ValueType.BOOL -> b;
            case String s when type == ValueType.STRING -> s;
            default -> throw new IllegalArgumentException("input '" + name + "' must be " + type + " ("
                    + javaTypes(type) + "), got " + value.getClass().getSimpleName());
        };
    }

    private static String javaTypes(ValueType type) {
        return switch (type) {
            case INT64 -> "Long or Integer";
            case FLOAT64 -> "Double, Float, Long or Integer";
            case BOOL -> "Boolean";
            case STRING -> "String";
        };
    }

    /** Equal when the source and the types of the inputs it reads are equal, that is when it computes the same. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Expression that && source.equals(that.source) && inputs.equals(that.inputs);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + inputs.hashCode();
    }

    @Override
    public String toString() {
        return source + " : " + type;
    }
}
