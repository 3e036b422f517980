package org.steward.training;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ModelRegistry} over the registry's REST API; registration sends the artifact as multipart. */
final class HttpModelRegistry implements ModelRegistry {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ServiceClient http;

    HttpModelRegistry(ServiceClient http) {
        this.http = http;
    }

    @Override
    public JsonNode model(String model) {
        return http.get("/api/v1/models/" + model, TIMEOUT);
    }

    @Override
    public JsonNode version(String model, int version) {
        return http.get("/api/v1/models/" + model + "/versions/" + version, TIMEOUT);
    }

    @Override
    public JsonNode register(String model, ObjectNode metadata, byte[] artifact, String artifactFileName) {
        String boundary = "steward-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(artifact.length + 64 * 1024);
        part(body, boundary, "form-data; name=\"metadata\"", "application/json",
                ServiceClient.JSON.writeValueAsBytes(metadata));
        part(body, boundary, "form-data; name=\"artifact\"; filename=\"" + artifactFileName + "\"",
                "application/octet-stream", artifact);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return http.post("/api/v1/models/" + model + "/versions", "multipart/form-data; boundary=" + boundary,
                body.toByteArray(), TIMEOUT).body();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String disposition, String type, byte[] content) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
