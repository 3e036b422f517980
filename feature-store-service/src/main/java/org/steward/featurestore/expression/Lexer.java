package org.steward.featurestore.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Splits source text into tokens; keywords stay identifiers and are told apart by the parser. */
final class Lexer {

    enum Kind { INTEGER, DECIMAL, STRING, IDENTIFIER, SYMBOL, END }

    /**
     * One token. {@code text} is the symbol, the identifier, the number as written or the
     * string's value with its quotes removed and {@code ''} unescaped.
     */
    record Token(Kind kind, String text, int position) {

        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
        }

        /** How the token is quoted in error messages. */
        String describe() {
            return switch (kind) {
                case END -> "end of expression";
                case STRING -> "string '" + text.replace("'", "''") + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("!=", "<=", ">=");
    private static final String ONE_CHAR_SYMBOLS = "+-*/%=<>(),[]";

    /** Characters and pairs that people bring from other languages, with what to write instead. */
    private static final Map<String, String> FOREIGN = Map.of(
            "==", "use '=' to compare",
            "&&", "use 'and'",
            "||", "use 'or'",
            "!", "use 'not' or '!='",
            "^", "there is no power operator; use exp(y * log(x))",
            "\"", "strings are written in single quotes");

    private final String source;
    private int pos;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new Lexer(source).tokens();
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
                pos++;
            }
            if (pos == source.length()) {
                tokens.add(new Token(Kind.END, "", pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = source.charAt(pos);
        if (isAsciiDigit(c)) {
            return number(start);
        }
        if (isIdentifierStart(c)) {
            return identifier(start);
        }
        if (c == '\'') {
            return string(start);
        }
        String pair = source.substring(start, Math.min(start + 2, source.length()));
        if (TWO_CHAR_SYMBOLS.contains(pair)) {
            pos += 2;
            return new Token(Kind.SYMBOL, pair, start);
        }
        String foreign = FOREIGN.containsKey(pair) ? pair : String.valueOf(c);
        if (FOREIGN.containsKey(foreign)) {
            throw new ExpressionException("unexpected '" + foreign + "'", start, FOREIGN.get(foreign));
        }
        if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.SYMBOL, String.valueOf(c), start);
        }
        throw new ExpressionException("unexpected character '" + c + "'", start);
    }

    private Token number(int start) {
        skipDigits();
        boolean decimal = false;
        if (pos + 1 < source.length() && source.charAt(pos) == '.' && isAsciiDigit(source.charAt(pos + 1))) {
            pos++;
            skipDigits();
            decimal = true;
        }
        if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < source.length() && (source.charAt(exponent) == '+' || source.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < source.length() && isAsciiDigit(source.charAt(exponent))) {
                pos = exponent;
                skipDigits();
                decimal = true;
            }
        }
        return new Token(decimal ? Kind.DECIMAL : Kind.INTEGER, source.substring(start, pos), start);
    }

    /** Letters, digits and underscores, optionally qualified with dots as in {@code view.feature}. */
    private Token identifier(int start) {
        do {
            pos++;
            while (pos < source.length()
                    && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
                pos++;
            }
        } while (pos + 1 < source.length() && source.charAt(pos) == '.' && isIdentifierStart(source.charAt(pos + 1)));
        return new Token(Kind.IDENTIFIER, source.substring(start, pos), start);
    }

    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c != '\'') {
                value.append(c);
            } else if (pos < source.length() && source.charAt(pos) == '\'') {
                value.append('\'');
                pos++;
            } else {
                return new Token(Kind.STRING, value.toString(), start);
            }
        }
        throw new ExpressionException("unterminated string", start, "close it with ' and write a quote inside as ''");
    }

    private void skipDigits() {
        while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }
}
