package org.steward.commons.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence a JSON value hashes and signs as,
 * so the same content gives the same SHA-256 in Java, in the Python client and in an auditor's own tool.
 *
 * <ul>
 *   <li>no whitespace; object members sorted by their names compared as UTF-16 code units
 *       ({@link String#compareTo}), recursively; array order kept;</li>
 *   <li>strings escaped as ECMAScript's {@code JSON.stringify} does: {@code \" \\ \b \f \n \r \t}, other
 *       characters below U+0020 as {@code \}{@code u00xx} (lower-case hex), everything else literal;
 *       lone surrogates are rejected (I-JSON);</li>
 *   <li>every number is an IEEE 754 double written as ECMAScript's {@code Number.prototype.toString}:
 *       the shortest digits that round-trip (the closest such if several), plain notation for decimal
 *       exponents -6 to 20 ({@code 0.000001}, {@code 100000000000000000000}), otherwise {@code 1e-7} /
 *       {@code 1e+21} style; {@code -0} is {@code 0}. Integers beyond 2^53 therefore
 *       lose precision exactly as a JavaScript reader would; NaN and infinities are rejected.</li>
 * </ul>
 */
public final class CanonicalJson {

    /** Integers up to this magnitude are exact doubles, so their plain decimal form is their ES form. */
    private static final long MAX_SAFE_INTEGER = 1L << 53;

    /**
     * Strict reader: duplicate names are an error (JCS requires I-JSON); NaN/Infinity literals are let
     * through the lexer only so that {@link #canonicalize(JsonNode)} can reject them with a clear message.
     */
    private static final JsonMapper STRICT_READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}; throws IllegalArgumentException for values JCS cannot represent. */
    public static String canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /** The canonical UTF-8 bytes of {@code node}: what gets hashed and signed. */
    public static byte[] canonicalBytes(JsonNode node) {
        return canonicalize(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code json} (rejecting duplicate names, NaN, Infinity and trailing content) and canonicalizes it. */
    public static String canonicalize(String json) {
        JsonNode node;
        try {
            node = STRICT_READER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + describe(e), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("invalid JSON: the input is empty");
        }
        return canonicalize(node);
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonNode element : node.values()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(element, out);
                }
                out.append(']');
            }
            case STRING -> appendString(node.stringValue(), out);
            case NUMBER -> appendNumber(node.numberValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException(
                    "a " + node.getNodeType() + " node has no JSON representation to canonicalize");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Map.Entry<String, JsonNode> member = members.get(i);
            appendString(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out);
        }
        out.append('}');
    }

    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        int n = s.length();
        int plain = 0;
        while (plain < n && isLiteral(s.charAt(plain))) {
            plain++;
        }
        out.append(s, 0, plain); // most strings have nothing to escape
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            throw new IllegalArgumentException(String.format(
                                    "string contains a lone surrogate U+%04X at index %d, which RFC 8785 does not allow",
                                    (int) c, i));
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Characters written as themselves without further checks. */
    private static boolean isLiteral(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }

    private static void appendNumber(Number number, StringBuilder out) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            long v = number.longValue();
            if (-MAX_SAFE_INTEGER <= v && v <= MAX_SAFE_INTEGER) { // not Math.abs: it overflows at Long.MIN_VALUE
                out.append(v);
            } else {
                appendDouble((double) v, out);
            }
        } else if (number instanceof BigInteger || number instanceof BigDecimal
                || number instanceof Double || number instanceof Float) {
            appendDouble(number.doubleValue(), out);
        } else {
            throw new IllegalArgumentException("unsupported number type " + number.getClass().getName());
        }
    }

    private static void appendDouble(double value, StringBuilder out) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("number " + value
                    + " is not finite; RFC 8785 allows neither NaN nor Infinity (nor numbers beyond the double range)");
        }
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            out.append((long) value); // also maps -0 to 0
            return;
        }
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        Decimal d = shortest(value);
        String digits = d.digits;
        int k = digits.length();
        int n = d.pointPosition;
        if (k <= n && n <= 21) {
            out.append(digits).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").repeat('0', -n).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
    }

    /**
     * The value as {@code 0.digits × 10^pointPosition}, with the fewest digits that round-trip and, among
     * those, the closest to the value.
     */
    private record Decimal(String digits, int pointPosition) {
    }

    /**
     * Shortest round-trip digits of a positive finite double. JDK 19+ {@link Double#toString} already yields
     * the shortest closest digits, except that when one digit would do it may print two (e.g. 4.9E-324 for
     * the ES 5e-324), so a two-digit result is checked against its one-digit neighbours.
     */
    private static Decimal shortest(double value) {
        Decimal java = parseJavaToString(Double.toString(value));
        if (java.digits.length() != 2) {
            return java;
        }
        int lead = java.digits.charAt(0) - '0';
        Decimal down = new Decimal(Integer.toString(lead), java.pointPosition);
        Decimal up = lead == 9 ? new Decimal("1", java.pointPosition + 1)
                : new Decimal(Integer.toString(lead + 1), java.pointPosition);
        boolean downFits = roundTrips(down, value);
        boolean upFits = roundTrips(up, value);
        if (downFits && upFits) {
            BigDecimal exact = new BigDecimal(value);
            return exact.subtract(toBigDecimal(down)).abs().compareTo(toBigDecimal(up).subtract(exact).abs()) <= 0
                    ? down : up;
        }
        return downFits ? down : upFits ? up : java;
    }

    private static boolean roundTrips(Decimal candidate, double value) {
        return toBigDecimal(candidate).doubleValue() == value;
    }

    private static BigDecimal toBigDecimal(Decimal d) {
        return new BigDecimal(new BigInteger(d.digits), d.digits.length() - d.pointPosition);
    }

    /** Reads Java's "123.45" / "1.2345E-7" forms into digits without leading or trailing zeros. */
    private static Decimal parseJavaToString(String s) {
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent;
        int start = 0;
        while (all.charAt(start) == '0') {
            start++;
            point--;
        }
        int end = all.length();
        while (all.charAt(end - 1) == '0') {
            end--;
        }
        return new Decimal(all.substring(start, end), point);
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        var location = e.getLocation();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
