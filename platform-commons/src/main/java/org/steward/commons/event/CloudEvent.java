package org.steward.commons.event;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode. The Kafka record key is the {@link #subject()}, so every
 * event about one thing (a model version, a feature view) lands on one partition, in order.
 *
 * @param id      unique per event; consumers de-duplicate on it
 * @param source  the emitting service, e.g. {@code /model-registry}
 * @param type    a past-tense fact, e.g. {@code model.registered}
 * @param subject what the event is about, e.g. {@code model/credit-scorecard}
 * @param time    when the fact happened, to the microsecond (what PostgreSQL keeps)
 * @param data    the JSON payload
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        requireText(id, "id");
        requireText(source, "source");
        requireText(type, "type");
        requireText(subject, "subject");
        Objects.requireNonNull(time, "time");
        time = time.truncatedTo(ChronoUnit.MICROS);
        data = data == null ? JsonNodeFactory.instance.objectNode() : data;
    }

    /** A new event with a random id, happening now. */
    public static CloudEvent of(String source, String type, String subject, Instant time, JsonNode data) {
        return new CloudEvent(UUID.randomUUID().toString(), source, type, subject, time, data);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("specversion", SPEC_VERSION);
        node.put("id", id);
        node.put("source", source);
        node.put("type", type);
        node.put("subject", subject);
        node.put("time", time.toString());
        node.put("datacontenttype", "application/json");
        node.set("data", data);
        return node;
    }

    /** Reads an envelope, refusing anything that is not a CloudEvents 1.0 event with every required attribute. */
    public static CloudEvent fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("an event must be a JSON object");
        }
        if (!SPEC_VERSION.equals(text(node, "specversion"))) {
            throw new MalformedEventException("specversion must be " + SPEC_VERSION + " but was " + node.get("specversion"));
        }
        try {
            return new CloudEvent(text(node, "id"), text(node, "source"), text(node, "type"), text(node, "subject"),
                    Instant.parse(Objects.requireNonNull(text(node, "time"), "time")), node.get("data"));
        } catch (RuntimeException e) {
            throw new MalformedEventException("not a valid event: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
