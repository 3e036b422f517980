package org.steward.featurestore.online;

import org.steward.featurestore.definition.FeatureType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * The feature values of one online row as a JSON object by feature name. Decoding goes by the declared types, so
 * an INT64 comes back as a Long and a FLOAT64 as a Double whatever JSON number made of them; non-finite doubles
 * travel as the strings {@code NaN} and {@code ±Infinity}. Rows are decoded on every online read, so they are
 * streamed, keeping only the requested values, rather than first built into a tree.
 */
public final class FeatureValues {

    private static final JsonMapper JSON = JsonMapper.shared();

    private FeatureValues() {
    }

    /** @param values Long, Double, Boolean, String or null per feature name */
    public static String encode(Map<String, ?> values) {
        return JSON.writeValueAsString(values);
    }

    /**
     * The values of {@code features} (in that order) from an encoded row; a feature the row lacks is null.
     *
     * @throws IllegalStateException if the row is not an object of scalars of the declared types, which
     *                               {@link #encode} never writes
     */
    public static Object[] decode(String encoded, List<String> features, List<FeatureType> types) {
        Object[] values = new Object[features.size()];
        try (JsonParser row = JSON.createParser(encoded)) {
            if (row.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt("is not a JSON object", encoded);
            }
            for (String name = row.nextName(); name != null; name = row.nextName()) {
                JsonToken token = row.nextToken();
                int i = features.indexOf(name);
                if (i < 0) {
                    row.skipChildren();
                } else {
                    values[i] = value(row, token, types.get(i), name, encoded);
                }
            }
        }
        return values;
    }

    private static Object value(JsonParser row, JsonToken token, FeatureType type, String name, String encoded) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (type) {
            case INT64 -> token == JsonToken.VALUE_NUMBER_INT ? (Object) row.getLongValue() : wrong(name, type, encoded);
            case FLOAT64 -> token == JsonToken.VALUE_STRING ? (Object) Double.parseDouble(row.getString())
                    : token.isNumeric() ? (Object) row.getDoubleValue() : wrong(name, type, encoded);
            case BOOL -> token.isBoolean() ? (Object) (token == JsonToken.VALUE_TRUE) : wrong(name, type, encoded);
            case STRING -> token == JsonToken.VALUE_STRING ? row.getString() : wrong(name, type, encoded);
        };
    }

    private static Object wrong(String name, FeatureType type, String encoded) {
        throw corrupt("holds " + name + " as another type than " + type.code(), encoded);
    }

    private static IllegalStateException corrupt(String problem, String encoded) {
        return new IllegalStateException("online row " + problem + ": " + encoded);
    }
}
