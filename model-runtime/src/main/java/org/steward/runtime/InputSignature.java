package org.steward.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The inputs of a model in the model's own feature order. The loader checks it against the artifact, so a
 * registered signature that disagrees with the model (a renamed, missing or reordered feature) fails on load
 * instead of silently scoring the wrong column.
 */
public record InputSignature(List<InputField> fields) {

    public InputSignature {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one input");
        }
        var names = new HashSet<String>();
        for (InputField field : fields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("input field '" + field.name() + "' is declared twice");
            }
        }
    }

    public static InputSignature of(InputField... fields) {
        return new InputSignature(List.of(fields));
    }

    /** The field names in model order. */
    public List<String> names() {
        return fields.stream().map(InputField::name).toList();
    }

    public int size() {
        return fields.size();
    }
}
