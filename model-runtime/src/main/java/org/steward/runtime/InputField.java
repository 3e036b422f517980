package org.steward.runtime;

import java.util.Objects;

/** One named model input and the type a row must give it. */
public record InputField(String name, FieldType type) {

    public InputField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an input field needs a name");
        }
    }
}
