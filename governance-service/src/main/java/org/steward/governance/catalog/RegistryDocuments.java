package org.steward.governance.catalog;

import org.steward.commons.event.MalformedEventException;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the registry's JSON for a model or a version, which is the same in its events' data and in its REST answers.
 * A document without what governance relies on (tier, owner, author, artifact hash) can never be used and is refused
 * as malformed.
 */
final class RegistryDocuments {

    private RegistryDocuments() {
    }

    static CatalogModel model(JsonNode doc) {
        String name = required(doc, "name");
        List<String> protectedAttributes = new ArrayList<>();
        doc.path("protectedAttributes").forEach(a -> protectedAttributes.add(a.asString()));
        Map<String, String> reasonCodes = new LinkedHashMap<>();
        doc.path("reasonCodes").properties().forEach(e -> reasonCodes.put(e.getKey(), e.getValue().asString()));
        JsonNode policy = doc.get("decisionPolicy");
        JsonNode tier = doc.get("riskTier");
        if (tier == null || !tier.canConvertToExactIntegral() || tier.asInt() < 1 || tier.asInt() > 3) {
            throw new MalformedEventException("model " + name + " has no risk tier 1, 2 or 3");
        }
        String updated = text(doc, "updatedAt");
        return new CatalogModel(name, required(doc, "useCase"), tier.asInt(), required(doc, "owner"), protectedAttributes,
                reasonCodes, policy == null || policy.isNull() ? null : policy.toString(), null,
                instant(updated != null ? updated : required(doc, "createdAt"), name));
    }

    static CatalogVersion version(JsonNode doc) {
        String model = required(doc, "model");
        JsonNode number = doc.get("version");
        if (number == null || !number.canConvertToExactIntegral() || number.asInt() < 1) {
            throw new MalformedEventException("a version of " + model + " has no positive version number");
        }
        String subject = CatalogVersion.subject(model, number.asInt());
        String statusChanged = text(doc, "statusChangedAt");
        return new CatalogVersion(model, number.asInt(), required(doc, "status"), text(doc, "format"),
                required(doc, "artifactSha256"), required(doc, "createdBy"), json(doc, "metrics"), json(doc, "lineage"),
                instant(required(doc, "createdAt"), subject), statusChanged == null ? null : instant(statusChanged, subject),
                null);
    }

    static String required(JsonNode doc, String field) {
        String value = text(doc, field);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("the registry's document has no " + field + ": " + abbreviate(doc));
        }
        return value;
    }

    static String text(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String json(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? "{}" : value.toString();
    }

    private static Instant instant(String text, String what) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(what + " has the time '" + text + "', which is not an ISO-8601 instant");
        }
    }

    private static String abbreviate(JsonNode doc) {
        String text = String.valueOf(doc);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
