package org.steward.featurestore.expression;

import org.steward.featurestore.expression.Lexer.Kind;
import org.steward.featurestore.expression.Lexer.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

import static org.steward.featurestore.expression.ValueType.BOOL;
import static org.steward.featurestore.expression.ValueType.FLOAT64;
import static org.steward.featurestore.expression.ValueType.INT64;
import static org.steward.featurestore.expression.ValueType.STRING;

/**
 * Recursive descent over the tokens that resolves names and checks types as it goes, so every
 * sub-expression comes out as a typed {@link Node} and nothing is left to decide at evaluation.
 * Precedence, loosest first: {@code or}, {@code and}, {@code not}, one comparison,
 * {@code + -}, {@code * / %}, unary minus.
 */
final class Parser {

    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "true", "false", "null", "case", "when", "then", "else", "end");
    private static final Set<String> FUNCTIONS =
            Set.of("abs", "bucket", "coalesce", "exp", "is_null", "log", "max", "min", "round", "sqrt");
    private static final Map<String, Nodes.Comparison> COMPARISONS = Arrays.stream(Nodes.Comparison.values())
            .collect(Collectors.toUnmodifiableMap(comparison -> comparison.symbol, comparison -> comparison));
    /** round() keeps digits in a range where decimal rounding of a double is meaningful and cheap. */
    private static final int MAX_ROUND_DIGITS = 15;

    /** The compiled expression: its root, its type and the inputs it reads, in slot order. */
    record Compiled(Node root, ValueType type, Map<String, ValueType> inputs) {
    }

    /**
     * A checked sub-expression. {@code type} is null only for the literal {@code null}, whose
     * type comes from where it is used; {@code position} is where the sub-expression starts.
     */
    private record Typed(Node node, ValueType type, int position) {
    }

    private final List<Token> tokens;
    private final Map<String, ValueType> declared;
    private final Map<String, ValueType> referenced = new LinkedHashMap<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private int next;
    private int depth;

    private Parser(List<Token> tokens, Map<String, ValueType> declared) {
        this.tokens = tokens;
        this.declared = declared;
    }

    static Compiled compile(String source, Map<String, ValueType> inputs) {
        Parser parser = new Parser(Lexer.tokenize(source), Map.copyOf(inputs));
        Typed root = parser.expression();
        if (parser.peek().kind() != Kind.END) {
            throw new ExpressionException("unexpected " + parser.peek().describe(), parser.peek().position());
        }
        if (root.type() == null) {
            throw new ExpressionException("the expression is always null", 0);
        }
        return new Compiled(root.node(), root.type(), Collections.unmodifiableMap(parser.referenced));
    }

    private Typed expression() {
        Typed left = conjunction();
        while (peek().isKeyword("or")) {
            Token operator = advance();
            Typed right = conjunction();
            left = new Typed(Nodes.or(bool(left, operator), bool(right, operator)), BOOL, left.position());
        }
        return left;
    }

    private Typed conjunction() {
        Typed left = negation();
        while (peek().isKeyword("and")) {
            Token operator = advance();
            Typed right = negation();
            left = new Typed(Nodes.and(bool(left, operator), bool(right, operator)), BOOL, left.position());
        }
        return left;
    }

    private Typed negation() {
        if (!peek().isKeyword("not")) {
            return comparison();
        }
        Token operator = advance();
        descend(operator);
        Typed operand = negation();
        depth--;
        return new Typed(Nodes.not(bool(operand, operator)), BOOL, operator.position());
    }

    private static Node bool(Typed operand, Token operator) {
        if (value(operand).type() != BOOL) {
            throw new ExpressionException("'" + operator.text() + "' needs BOOL, got " + operand.type(),
                    operand.position());
        }
        return operand.node();
    }

    private Typed comparison() {
        Typed left = additive();
        Nodes.Comparison comparison = COMPARISONS.get(symbol(peek()));
        if (comparison == null) {
            return left;
        }
        Token operator = advance();
        Typed right = additive();
        if (COMPARISONS.containsKey(symbol(peek()))) {
            throw new ExpressionException("comparisons cannot be chained", peek().position(),
                    "combine them with 'and'");
        }
        ValueType a = value(left).type();
        ValueType b = value(right).type();
        var order = a.isNumeric() && b.isNumeric() ? (a == INT64 && b == INT64 ? Nodes.LONG_ORDER : Nodes.REAL_ORDER)
                : a == STRING && b == STRING ? Nodes.STRING_ORDER
                : a == BOOL && b == BOOL ? Nodes.BOOL_ORDER
                : null;
        if (order == null) {
            throw new ExpressionException("cannot compare " + a + " with " + b, operator.position());
        }
        if (order == Nodes.BOOL_ORDER && comparison != Nodes.Comparison.EQ && comparison != Nodes.Comparison.NE) {
            throw new ExpressionException("cannot order BOOL values with '" + operator.text() + "'",
                    operator.position(), "only = and != apply to BOOL");
        }
        return new Typed(Nodes.compare(left.node(), right.node(), order, comparison), BOOL, left.position());
    }

    private Typed additive() {
        Typed left = multiplicative();
        while (peek().is("+") || peek().is("-")) {
            Token operator = advance();
            left = arithmetic(operator, left, multiplicative());
        }
        return left;
    }

    private Typed multiplicative() {
        Typed left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token operator = advance();
            left = arithmetic(operator, left, unary());
        }
        return left;
    }

    /** INT64 op INT64 stays INT64 (null on overflow), except that / always divides as FLOAT64. */
    private Typed arithmetic(Token operator, Typed left, Typed right) {
        String op = operator.text();
        number(left, op);
        number(right, op);
        if (left.type() == INT64 && right.type() == INT64 && !op.equals("/")) {
            Nodes.LongOperation operation = switch (op) {
                case "+" -> Nodes::add;
                case "-" -> Nodes::subtract;
                case "*" -> Nodes::multiply;
                default -> Nodes::remainder;
            };
            return new Typed(Nodes.longs(left.node(), right.node(), operation), INT64, left.position());
        }
        Node node = switch (op) {
            case "+" -> Nodes.reals(left.node(), right.node(), Double::sum);
            case "-" -> Nodes.reals(left.node(), right.node(), (a, b) -> a - b);
            case "*" -> Nodes.reals(left.node(), right.node(), (a, b) -> a * b);
            case "/" -> Nodes.reals(left.node(), right.node(), (a, b) -> a / b);
            default -> Nodes.reals(left.node(), right.node(), (a, b) -> a % b);
        };
        return new Typed(node, FLOAT64, left.position());
    }

    private Typed unary() {
        if (!peek().is("-")) {
            return primary();
        }
        Token minus = advance();
        if (peek().kind() == Kind.INTEGER || peek().kind() == Kind.DECIMAL) {
            return literal(advance(), "-", minus.position());
        }
        descend(minus);
        Typed operand = number(unary(), "-");
        depth--;
        Node node = operand.type() == INT64 ? Nodes.negateLong(operand.node()) : Nodes.function(operand.node(), x -> -x);
        return new Typed(node, operand.type(), minus.position());
    }

    private Typed primary() {
        Token token = peek();
        switch (token.kind()) {
            case INTEGER, DECIMAL -> {
                return literal(advance(), "", token.position());
            }
            case STRING -> {
                return new Typed(Nodes.constant(advance().text()), STRING, token.position());
            }
            case IDENTIFIER -> {
                return identifier(advance());
            }
            default -> {
                if (!token.is("(")) {
                    throw new ExpressionException("expected a value", token.position());
                }
                descend(advance());
                Typed inner = expression();
                expect(")");
                depth--;
                return new Typed(inner.node(), inner.type(), token.position());
            }
        }
    }

    private Typed identifier(Token token) {
        String word = token.text().toLowerCase(Locale.ROOT);
        if (peek().is("(") && !KEYWORDS.contains(word)) {
            return call(token, word);
        }
        return switch (word) {
            case "true", "false" -> new Typed(Nodes.constant(Boolean.valueOf(word)), BOOL, token.position());
            case "null" -> new Typed(Nodes.constant(null), null, token.position());
            case "case" -> caseWhen(token);
            default -> {
                if (KEYWORDS.contains(word)) {
                    throw new ExpressionException("expected a value", token.position());
                }
                yield reference(token);
            }
        };
    }

    private Typed reference(Token token) {
        String name = token.text();
        ValueType type = declared.get(name);
        if (type == null) {
            String hint = FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))
                    ? name + " is a function: write " + name + "(...)"
                    : didYouMean(name, declared.keySet());
            throw new ExpressionException("unknown feature '" + name + "'", token.position(), hint);
        }
        Integer slot = slots.get(name);
        if (slot == null) {
            slot = slots.size();
            slots.put(name, slot);
            referenced.put(name, type);
        }
        return new Typed(Nodes.input(slot), type, token.position());
    }

    private static Typed literal(Token number, String sign, int position) {
        Object value = numberValue(number, sign, position);
        return new Typed(Nodes.constant(value), value instanceof Long ? INT64 : FLOAT64, position);
    }

    /** The Long or Double a number token stands for, with its sign. */
    private static Object numberValue(Token number, String sign, int position) {
        String text = sign + number.text();
        if (number.kind() == Kind.INTEGER) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ExpressionException("integer " + text + " does not fit in INT64", position,
                        "write it as a decimal, e.g. " + text + ".0");
            }
        }
        Double value = Nodes.real(Double.parseDouble(text));
        if (value == null) {
            throw new ExpressionException("number " + text + " does not fit in FLOAT64", position);
        }
        return value;
    }

    private Typed call(Token name, String function) {
        if (!FUNCTIONS.contains(function)) {
            throw new ExpressionException("unknown function '" + name.text() + "'", name.position(),
                    didYouMean(function, FUNCTIONS));
        }
        descend(advance());
        Typed result = switch (function) {
            case "bucket" -> bucket(name);
            case "round" -> round(name);
            default -> apply(name, function, arguments());
        };
        expect(")");
        depth--;
        return result;
    }

    private List<Typed> arguments() {
        List<Typed> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            arguments.add(expression());
            while (peek().is(",")) {
                advance();
                arguments.add(expression());
            }
        }
        return arguments;
    }

    private Typed apply(Token name, String function, List<Typed> arguments) {
        int position = name.position();
        return switch (function) {
            case "log" -> real(name, arguments, Math::log);
            case "exp" -> real(name, arguments, Math::exp);
            case "sqrt" -> real(name, arguments, Math::sqrt);
            case "abs" -> {
                Typed x = number(single(name, arguments), name.text());
                Node node = x.type() == INT64 ? Nodes.absLong(x.node()) : Nodes.function(x.node(), Math::abs);
                yield new Typed(node, x.type(), position);
            }
            case "is_null" -> new Typed(Nodes.isNull(value(single(name, arguments)).node()), BOOL, position);
            case "coalesce" -> {
                ValueType type = unify(atLeastOne(name, arguments), "coalesce arguments");
                yield new Typed(Nodes.coalesce(widened(arguments, type)), type, position);
            }
            default -> { // min, max
                boolean integral = true;
                for (Typed argument : atLeastOne(name, arguments)) {
                    integral &= number(argument, name.text()).type() == INT64;
                }
                Node[] nodes = arguments.stream().map(Typed::node).toArray(Node[]::new);
                yield new Typed(Nodes.extreme(nodes, function.equals("max"), integral),
                        integral ? INT64 : FLOAT64, position);
            }
        };
    }

    private Typed real(Token name, List<Typed> arguments, DoubleUnaryOperator function) {
        Typed x = number(single(name, arguments), name.text());
        return new Typed(Nodes.function(x.node(), function), FLOAT64, name.position());
    }

    private static Typed single(Token name, List<Typed> arguments) {
        if (arguments.size() != 1) {
            throw new ExpressionException(name.text() + " takes 1 argument, got " + arguments.size(), name.position());
        }
        return arguments.getFirst();
    }

    private static List<Typed> atLeastOne(Token name, List<Typed> arguments) {
        if (arguments.isEmpty()) {
            throw new ExpressionException(name.text() + " needs at least 1 argument", name.position());
        }
        return arguments;
    }

    /** {@code round(x)} or {@code round(x, digits)} with digits an integer literal, half away from zero. */
    private Typed round(Token name) {
        Typed x = number(expression(), name.text());
        int digits = 0;
        if (peek().is(",")) {
            advance();
            Token token = peek();
            if (!(signedNumber() instanceof Long value) || Math.abs(value) > MAX_ROUND_DIGITS) {
                throw new ExpressionException("round digits must be an integer literal from -" + MAX_ROUND_DIGITS
                        + " to " + MAX_ROUND_DIGITS, token.position());
            }
            digits = value.intValue();
        }
        return new Typed(Nodes.round(x.node(), digits), FLOAT64, name.position());
    }

    /** {@code bucket(x, [e1, e2, ...])}: edges are numeric literals in strictly ascending order. */
    private Typed bucket(Token name) {
        Typed x = number(expression(), name.text());
        expect(",");
        expect("[");
        List<Double> edges = new ArrayList<>();
        while (true) {
            Token token = peek();
            double edge = ((Number) signedNumber()).doubleValue();
            if (!edges.isEmpty() && edge <= edges.getLast()) {
                throw new ExpressionException("bucket edges must be strictly ascending", token.position(),
                        edge + " follows " + edges.getLast());
            }
            edges.add(edge);
            if (!peek().is(",")) {
                break;
            }
            advance();
        }
        expect("]");
        double[] ascending = edges.stream().mapToDouble(Double::doubleValue).toArray();
        return new Typed(Nodes.bucket(x.node(), ascending), INT64, name.position());
    }

    /** A numeric literal with an optional minus, as bucket edges and round digits are written. */
    private Object signedNumber() {
        Token first = peek();
        if (first.is("-")) {
            advance();
        }
        if (peek().kind() != Kind.INTEGER && peek().kind() != Kind.DECIMAL) {
            throw new ExpressionException("expected a number literal", peek().position());
        }
        return numberValue(advance(), first.is("-") ? "-" : "", first.position());
    }

    /** {@code case when c then v ... [else v] end}; a null condition counts as false. */
    private Typed caseWhen(Token caseToken) {
        descend(caseToken);
        List<Node> conditions = new ArrayList<>();
        List<Typed> results = new ArrayList<>();
        if (!peek().isKeyword("when")) {
            throw new ExpressionException("expected 'when'", peek().position());
        }
        while (peek().isKeyword("when")) {
            Token when = advance();
            conditions.add(bool(expression(), when));
            expectKeyword("then");
            results.add(expression());
        }
        if (peek().isKeyword("else")) {
            advance();
            results.add(expression());
        } else {
            results.add(new Typed(Nodes.constant(null), null, peek().position()));
        }
        expectKeyword("end");
        depth--;
        ValueType type = unify(results, "case results");
        Node[] nodes = widened(results, type);
        Node[] branches = Arrays.copyOf(nodes, conditions.size());
        return new Typed(Nodes.caseWhen(conditions.toArray(Node[]::new), branches, nodes[nodes.length - 1]),
                type, caseToken.position());
    }

    /** The common type of values that may be mixed (null fits any, INT64 widens to FLOAT64). */
    private static ValueType unify(List<Typed> values, String what) {
        ValueType type = null;
        for (Typed value : values) {
            if (value.type() == null || value.type() == type) {
                continue;
            }
            if (type == null) {
                type = value.type();
            } else if (type.isNumeric() && value.type().isNumeric()) {
                type = FLOAT64;
            } else {
                throw new ExpressionException(what + " must have one type, got " + type + " and " + value.type(),
                        value.position());
            }
        }
        return type;
    }

    private static Node[] widened(List<Typed> values, ValueType type) {
        return values.stream()
                .map(v -> type == FLOAT64 && v.type() == INT64 ? Nodes.widen(v.node()) : v.node())
                .toArray(Node[]::new);
    }

    private static Typed number(Typed operand, String operator) {
        ValueType type = value(operand).type();
        if (!type.isNumeric()) {
            throw new ExpressionException("'" + operator + "' needs a number, got " + type, operand.position(),
                    operator.equals("+") && type == STRING ? "+ does not concatenate strings" : null);
        }
        return operand;
    }

    /** Rejects the literal null where it could only make the result always null. */
    private static Typed value(Typed operand) {
        if (operand.type() == null) {
            throw new ExpressionException("null is not allowed here", operand.position(),
                    "test for null with is_null(x) or replace it with coalesce(x, default)");
        }
        return operand;
    }

    private void descend(Token at) {
        if (++depth > Expression.MAX_DEPTH) {
            throw new ExpressionException("expression nests deeper than " + Expression.MAX_DEPTH + " levels",
                    at.position());
        }
    }

    private void expect(String symbol) {
        if (!peek().is(symbol)) {
            throw new ExpressionException("expected '" + symbol + "'", peek().position());
        }
        advance();
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            throw new ExpressionException("expected '" + keyword + "'", peek().position());
        }
        advance();
    }

    private static String symbol(Token token) {
        return token.kind() == Kind.SYMBOL ? token.text() : "";
    }

    private static String didYouMean(String name, Set<String> candidates) {
        String closest = Suggestion.closest(name, candidates);
        return closest == null ? null : "did you mean '" + closest + "'?";
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        return tokens.get(next++);
    }
}
