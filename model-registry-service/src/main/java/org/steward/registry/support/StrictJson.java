package org.steward.registry.support;

import org.springframework.stereotype.Component;
import org.steward.commons.web.StewardException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Collectors;

/**
 * Reads the documents people send the registry (version metadata, card patches) refusing unknown members: a
 * misspelt lineage field silently dropped would be evidence lost without anyone noticing.
 */
@Component
public class StrictJson {

    private final JsonMapper json;

    StrictJson(JsonMapper json) {
        this.json = json;
    }

    /** Parses {@code text}; a 400 problem naming {@code what} if it is not JSON. */
    public JsonNode parse(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw StewardException.invalid(what + " is empty; it must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw StewardException.invalid(what + " is not valid JSON: " + describe(e));
        }
    }

    /** Binds {@code node} to {@code type}; a 400 problem naming {@code what} and the offending member otherwise. */
    public <T> T read(JsonNode node, Class<T> type, String what) {
        if (node == null || !node.isObject()) {
            throw StewardException.invalid(what + " must be a JSON object");
        }
        try {
            return json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(node);
        } catch (JacksonException e) {
            throw StewardException.invalid(what + " is not valid: " + describe(e));
        }
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        String path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? firstLine : firstLine + " (at " + path.replaceFirst("^\\.", "") + ")";
    }
}
