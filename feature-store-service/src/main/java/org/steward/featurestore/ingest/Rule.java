package org.steward.featurestore.ingest;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The rule a value or a file broke; reports name it by {@link #code()}, e.g. {@code range}. */
public enum Rule {
    /** A column is missing, unknown or repeated, or a row has the wrong number of fields. */
    SCHEMA,
    /** The file cannot be read as its format: bad quoting, a line that is not JSON, not UTF-8, not Parquet. */
    FORMAT,
    /** A value cannot be read as the column's declared type. */
    TYPE,
    /** A join key, the event time or a non-nullable feature is empty. */
    NULL,
    /** A number outside the feature's declared min/max (both inclusive). */
    RANGE,
    /** A value that is not one of the feature's allowed values. */
    ALLOWED,
    /** An event time before 1970 or more than a day ahead of the service's clock. */
    EVENT_TIME;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
