package org.steward.featurestore.online;

import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.JoinKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The online store's key for one entity: its join key values in the view's key order, as JSON array text
 * ({@code ["c1",42]}). JSON keeps types and quoting apart, so no two distinct key tuples share an encoding, and
 * materialisation (from typed columns) and serving (from request JSON) both encode typed values the same way.
 */
public final class EntityKeys {

    private static final JsonMapper JSON = JsonMapper.shared();

    private EntityKeys() {
    }

    /** @param values Long, Double, Boolean or String values in key order */
    public static String encode(List<?> values) {
        return JSON.writeValueAsString(values);
    }

    /**
     * The typed value of a join key given in a request: a string key takes a JSON string, an int64 key an integer
     * or a string of digits (ids often travel as strings), a float64 key a number, a bool key a boolean.
     *
     * @throws IllegalArgumentException saying what was expected, when the value does not fit the key's type
     */
    public static Object parse(JoinKey key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new IllegalArgumentException("join key '" + key.name() + "' is missing");
        }
        Object value = switch (key.type()) {
            case STRING -> node.isString() ? node.asString() : null;
            case INT64 -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.asLong()
                    : node.isString() ? parseLong(node.asString()) : null;
            case FLOAT64 -> node.isNumber() ? (Object) node.asDouble() : null;
            case BOOL -> node.isBoolean() ? (Object) node.asBoolean() : null;
        };
        if (value == null) {
            throw new IllegalArgumentException("join key '" + key.name() + "' must be " + describe(key.type()) + ", got " + node);
        }
        return value;
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(FeatureType type) {
        return switch (type) {
            case STRING -> "a string";
            case INT64 -> "an integer";
            case FLOAT64 -> "a number";
            case BOOL -> "true or false";
        };
    }
}
