package org.steward.featurestore.expression;

/**
 * The feature store's scalar types as the expression language sees them. At evaluation time
 * their values are {@link Long}, {@link Double}, {@link Boolean} and {@link String}.
 */
public enum ValueType {
    INT64,
    FLOAT64,
    BOOL,
    STRING;

    boolean isNumeric() {
        return this == INT64 || this == FLOAT64;
    }
}
