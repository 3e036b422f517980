package org.steward.featurestore.ingest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one JSON object (a line of a JSON lines file, a stream message) into the columns of a schema. A field that
 * is absent or {@code null} is null; numbers, strings and booleans are taken as their text and checked by the
 * rules like any other value; an unknown field, a repeated field and a nested object or array are reported.
 */
final class JsonRowParser {

    private static final JsonFactory JSON = new JsonFactory();

    private final IngestSchema schema;
    /** JSON error messages quote the text near the error, which may be a PII value: then only the place is given. */
    private final boolean quoteErrors;

    JsonRowParser(IngestSchema schema) {
        this.schema = schema;
        this.quoteErrors = schema.columns().stream().noneMatch(IngestSchema.Column::pii);
    }

    void parse(String json, long number, RawRow row, Violations sink) {
        row.clear();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                sink.add(new Violation(number, null, Rule.FORMAT, null, "a row must be one JSON object, e.g. {\""
                        + schema.column(0).name() + "\": …}"));
                row.markAllReported();
                return;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                int column = schema.indexOf(name);
                if (column < 0) {
                    sink.add(new Violation(number, name, Rule.SCHEMA, null, "unknown column: "
                            + schema.view().reference() + " has " + String.join(", ", schema.names())));
                    parser.skipChildren();
                } else if (row.filled(column)) {
                    sink.add(new Violation(number, name, Rule.SCHEMA, null, "the field appears more than once"));
                    row.markReported(column);
                    parser.skipChildren();
                } else {
                    read(parser, token, column, number, row, sink);
                }
            }
            if (parser.nextToken() != null) {
                sink.add(new Violation(number, null, Rule.FORMAT, null, "more than one JSON value in one row"));
                row.markAllReported();
            }
        } catch (JacksonException e) {
            sink.add(new Violation(number, null, Rule.FORMAT, null, "not valid JSON" + (quoteErrors ? ": " + e.getOriginalMessage()
                    : e.getLocation() == null ? "" : " at character " + e.getLocation().getColumnNr())));
            row.markAllReported();
        }
    }

    private void read(JsonParser parser, JsonToken token, int column, long number, RawRow row, Violations sink) {
        switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> row.set(column, parser.getString());
            case VALUE_TRUE -> row.set(column, "true");
            case VALUE_FALSE -> row.set(column, "false");
            case VALUE_NULL -> row.set(column, null);
            default -> {
                sink.add(new Violation(number, schema.column(column).name(), Rule.TYPE, null,
                        "a JSON " + (token == JsonToken.START_ARRAY ? "array" : "object") + " is not a single value"));
                row.set(column, null);
                row.markReported(column);
                parser.skipChildren();
            }
        }
    }
}
