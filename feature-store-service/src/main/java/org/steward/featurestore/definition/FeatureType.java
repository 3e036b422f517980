package org.steward.featurestore.definition;

import org.steward.featurestore.expression.ValueType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The scalar types a feature or join key can have, with their PostgreSQL column types. */
public enum FeatureType {
    INT64("bigint", ValueType.INT64),
    FLOAT64("double precision", ValueType.FLOAT64),
    BOOL("boolean", ValueType.BOOL),
    STRING("text", ValueType.STRING);

    private final String sqlType;
    private final ValueType valueType;

    FeatureType(String sqlType, ValueType valueType) {
        this.sqlType = sqlType;
        this.valueType = valueType;
    }

    /** The name used in definitions: {@code int64}, {@code float64}, {@code bool}, {@code string}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String sqlType() {
        return sqlType;
    }

    /** The same type as the expression language sees it. */
    public ValueType valueType() {
        return valueType;
    }

    public static Optional<FeatureType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(FeatureType::code).collect(Collectors.joining(", "));
    }
}
