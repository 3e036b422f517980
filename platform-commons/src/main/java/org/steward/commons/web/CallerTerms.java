package org.steward.commons.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Says what was wrong with a request in the terms of what the caller sent: which field of a JSON body (a path such
 * as {@code entities[0].customer_id}) or which parameter held what, and what it must be — never the Java types it
 * was bound to, which a notebook or a CI script cannot act on.
 */
final class CallerTerms {

    private static final int MAX_VALUE_LENGTH = 40;

    private CallerTerms() {
    }

    /** The detail of a problem for a body that could not be read because of {@code failure} (or one of its causes). */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch) {
                return mismatch(mismatch);
            }
            if (cause instanceof StreamReadException syntax) {
                return "the body is not valid JSON: " + syntax.getOriginalMessage() + at(syntax.getLocation())
                        + "; send one JSON object";
            }
        }
        return "the body is empty or not JSON; send one JSON object";
    }

    private static String mismatch(MismatchedInputException mismatch) {
        String expected = expected(mismatch.getTargetType());
        String got = mismatch instanceof InvalidFormatException invalid && invalid.getValue() != null
                ? "'" + abbreviate(String.valueOf(invalid.getValue())) + "'" : token(mismatch.getCurrentToken());
        String what = mismatch.getPath().isEmpty() ? "the body" : "field '" + path(mismatch.getPath()) + "'";
        return what + " must be " + expected + (got == null ? "" : ", not " + got);
    }

    /** {@code entities[0].customer_id}: property names joined by dots, array indexes in brackets. */
    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return scalar(type).orElse("a JSON object");
    }

    /** What a single value of {@code type} looks like to the caller ("a whole number", "an ISO-8601 date …"), if simple. */
    static Optional<String> scalar(Class<?> type) {
        if (type.isEnum()) {
            return Optional.of("one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        return Optional.ofNullable(switch (type.getName()) {
            case "int", "long", "short", "byte", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
                 "java.math.BigInteger" -> "a whole number";
            case "double", "float", "java.lang.Double", "java.lang.Float", "java.math.BigDecimal", "java.lang.Number" -> "a number";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.lang.String", "java.lang.CharSequence" -> "a string";
            default -> time(type);
        });
    }

    private static String time(Class<?> type) {
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2026-01-31";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT24H";
        }
        if (type == UUID.class) {
            return "a UUID such as 7f3c1d2e-0000-4000-8000-000000000001";
        }
        return null;
    }

    private static String token(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> null;
        };
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "…";
    }
}
