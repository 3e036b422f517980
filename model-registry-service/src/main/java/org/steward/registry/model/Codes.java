package org.steward.registry.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire form of the registry's enums: lower-case names, read case-insensitively, with an error that lists them. */
public final class Codes {

    private Codes() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} named {@code code}, ignoring case.
     *
     * @param field how the value is called in the API, for the error message
     * @throws IllegalArgumentException naming the allowed values when none matches
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String code, String field) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equalsIgnoreCase(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + " must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(Codes::of).collect(Collectors.joining(", "))
                        + ", not '" + code + "'"));
    }
}
