package org.steward.registry.version;

/** One named input and its type. */
public record InputField(String name, FieldType type) {
}
