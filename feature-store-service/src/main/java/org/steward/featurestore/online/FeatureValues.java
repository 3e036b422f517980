package org.steward.featurestore.online;

import org.steward.featurestore.definition.FeatureType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * The feature values of one online row as a JSON object by feature name. Decoding goes by the declared types, so
 * an INT64 comes back as a Long and a FLOAT64 as a Double whatever JSON made of them; non-finite doubles travel
 * as the strings {@code NaN} and {@code ±Infinity}.
 */
public final class FeatureValues {

    private static final JsonMapper JSON = JsonMapper.shared();

    private FeatureValues() {
    }

    /** @param values Long, Double, Boolean, String or null per feature name */
    public static String encode(Map<String, ?> values) {
        return JSON.writeValueAsString(values);
    }

    /** The values of {@code features} (in that order) from an encoded row; a feature the row lacks is null. */
    public static Object[] decode(String encoded, List<String> features, List<FeatureType> types) {
        JsonNode row = JSON.readTree(encoded);
        Object[] values = new Object[features.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(row.get(features.get(i)), types.get(i));
        }
        return values;
    }

    private static Object value(JsonNode node, FeatureType type) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type) {
            case INT64 -> node.asLong();
            case FLOAT64 -> node.isString() ? Double.parseDouble(node.asString()) : node.asDouble();
            case BOOL -> node.asBoolean();
            case STRING -> node.asString();
        };
    }
}
