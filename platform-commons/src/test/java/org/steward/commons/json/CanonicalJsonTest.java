package org.steward.commons.json;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CanonicalJsonTest {

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = CanonicalJsonTest.class.getResourceAsStream("/vectors/canonical-json.json")) {
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> canonicalVectors() {
        return VECTORS.get("canonical").valueStream().map(v -> Arguments.of(
                v.get("name").stringValue(), v.get("input").stringValue(), v.get("expected").stringValue()));
    }

    static Stream<Arguments> numberVectors() {
        return VECTORS.get("numbers").valueStream().map(v -> Arguments.of(
                v.get("ieee754").stringValue(), v.get("expected").stringValue()));
    }

    static Stream<Arguments> invalidVectors() {
        return VECTORS.get("invalid").valueStream().map(v -> Arguments.of(
                v.get("name").stringValue(), v.get("input").stringValue(), v.get("error").stringValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonicalVectors")
    void canonicalizesTheVectors(String name, String input, String expected) {
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(expected);
        assertThat(CanonicalJson.canonicalize(expected)).as("canonical form is a fixed point").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("numberVectors")
    void serialisesNumbersAsEcmaScriptDoesPerRfc8785AppendixB(String ieee754, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieee754, 16));
        assertThat(CanonicalJson.canonicalize(DoubleNode.valueOf(value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void rejectsWhatJcsCannotRepresent(String name, String input, String error) {
        String says = switch (error) {
            case "duplicate-key" -> "Duplicate";
            case "non-finite-number" -> "not finite";
            case "lone-surrogate" -> "lone surrogate";
            case "syntax" -> "invalid JSON";
            default -> throw new IllegalStateException("unknown error category " + error);
        };
        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalJson.canonicalize(input))
                .withMessageContaining(says);
    }

    @Test
    void producesTheUtf8BytesOfRfc8785Section324() {
        String sample = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        String rfcBytes = """
                7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
                75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
                5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
                65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
                5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
                30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d""";
        byte[] expected = HexFormat.of().parseHex(rfcBytes.replaceAll("\\s", ""));
        assertThat(CanonicalJson.canonicalBytes(JsonMapper.shared().readTree(sample))).isEqualTo(expected);
    }

    @Test
    void sortsKeysByUtf16CodeUnitsNotByCodePoints() {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("\uFB33", 1).put("\uD83D\uDE00", 2).put("z", 3);
        assertThat(CanonicalJson.canonicalize(node)).isEqualTo("{\"z\":3,\"\uD83D\uDE00\":2,\"\uFB33\":1}");
    }

    @Test
    void treatsNumbersBuiltInCodeAsIeeeDoubles() {
        var nodes = JsonNodeFactory.instance;
        assertThat(CanonicalJson.canonicalize(LongNode.valueOf((1L << 53) + 1))).isEqualTo("9007199254740992");
        assertThat(CanonicalJson.canonicalize(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854776000");
        assertThat(CanonicalJson.canonicalize(BigIntegerNode.valueOf(BigInteger.TEN.pow(21)))).isEqualTo("1e+21");
        assertThat(CanonicalJson.canonicalize(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
        assertThat(CanonicalJson.canonicalize(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
        assertThat(CanonicalJson.canonicalize(DoubleNode.valueOf(-0.0))).isEqualTo("0");
        assertThat(CanonicalJson.canonicalize(nodes.arrayNode().add(1).add(1.5).add(true).addNull()))
                .isEqualTo("[1,1.5,true,null]");
    }

    @Test
    void rejectsNonFiniteNumbersAndLoneSurrogatesBuiltInCode() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalJson.canonicalize(DoubleNode.valueOf(Double.NaN)))
                .withMessageContaining("NaN is not finite");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalJson.canonicalize(JsonNodeFactory.instance.objectNode()
                        .put("x", Double.NEGATIVE_INFINITY)))
                .withMessageContaining("-Infinity is not finite");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalJson.canonicalize(JsonNodeFactory.instance.stringNode("ok \uDE00")))
                .withMessageContaining("lone surrogate U+DE00 at index 3");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CanonicalJson.canonicalize(JsonNodeFactory.instance.binaryNode(new byte[] {1})))
                .withMessageContaining("BINARY");
    }

    @Test
    void encodesAsUtf8() {
        assertThat(CanonicalJson.canonicalBytes(JsonNodeFactory.instance.stringNode("€\uD83D\uDE00")))
                .isEqualTo("\"€\uD83D\uDE00\"".getBytes(StandardCharsets.UTF_8))
                .hasSize(1 + 3 + 4 + 1);
    }

    /**
     * For many doubles of every magnitude: the text parses back to the same double, no text with one digit
     * fewer does, and the layout is ECMAScript's.
     */
    @Test
    void writesTheShortestRoundTripDigitsForRandomDoubles() {
        SplittableRandom random = new SplittableRandom(8785);
        for (int i = 0; i < 100_000; i++) {
            double value = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> Double.longBitsToDouble(random.nextLong(0x0010_0000_0000_0000L)); // subnormal
                default -> random.nextInt(-1_000_000, 1_000_000) / Math.pow(10, random.nextInt(0, 25));
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            String text = CanonicalJson.canonicalize(DoubleNode.valueOf(value));
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
            assertThat(text).as("ES layout of %s", value)
                    .matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?");
            assertNoShorterDigitsRoundTrip(value, text);
        }
    }

    private static void assertNoShorterDigitsRoundTrip(double value, String text) {
        BigDecimal decimal = new BigDecimal(text);
        int digits = decimal.stripTrailingZeros().precision();
        if (value == 0 || digits == 1) {
            return;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal nearest = exact.round(new MathContext(digits - 1, RoundingMode.HALF_EVEN));
        BigDecimal[] candidates = {nearest, nearest.add(nearest.ulp()), nearest.subtract(nearest.ulp())};
        for (BigDecimal candidate : candidates) {
            assertThat(candidate.doubleValue()).as("%s has %d digits but %s also round-trips", text, digits, candidate)
                    .isNotEqualTo(value);
        }
    }
}
