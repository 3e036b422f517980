package org.steward.featurestore.trainingset;

import org.steward.featurestore.definition.FeatureType;

import java.util.Locale;

/** The type of a training-set column: the feature types, plus the event time. */
public enum ColumnType {
    INT64("bigint", "BIGINT"),
    FLOAT64("double precision", "DOUBLE"),
    BOOL("boolean", "BOOLEAN"),
    STRING("text", "VARCHAR"),
    TIMESTAMP("timestamptz", "TIMESTAMPTZ");

    private final String sqlType;
    private final String duckDbType;

    ColumnType(String sqlType, String duckDbType) {
        this.sqlType = sqlType;
        this.duckDbType = duckDbType;
    }

    public static ColumnType of(FeatureType type) {
        return switch (type) {
            case INT64 -> INT64;
            case FLOAT64 -> FLOAT64;
            case BOOL -> BOOL;
            case STRING -> STRING;
        };
    }

    /** {@code int64}, {@code float64}, {@code bool}, {@code string} or {@code timestamp}, as in definitions. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    String sqlType() {
        return sqlType;
    }

    String duckDbType() {
        return duckDbType;
    }
}
