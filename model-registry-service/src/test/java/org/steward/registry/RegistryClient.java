package org.steward.registry;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Calls the registry as the demo identities do, and reads what it committed to its outbox. */
public final class RegistryClient {

    /** A response's status, content type and body, for asserting on refusals. */
    public record Answer(int status, String contentType, JsonNode body) {
    }

    private final int port;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public RegistryClient(int port, JdbcTemplate jdbc, JsonMapper json) {
        this.port = port;
        this.jdbc = jdbc;
        this.json = json;
    }

    public RestClient as(DemoIdentity identity) {
        return withToken(RealInfrastructureExtension.issuer().issuer().issue(identity));
    }

    /** An identity outside the demo cast, e.g. a second data scientist. */
    public RestClient as(String subject, String role) {
        return withToken(RealInfrastructureExtension.issuer().issuer().issue(subject, subject, List.of(role)));
    }

    public RestClient anonymous() {
        return RestClient.create("http://localhost:" + port);
    }

    private RestClient withToken(String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();
    }

    /** Registers a credit model owned by dana and returns its (unique) name. */
    public String registerModel(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as(DemoIdentity.DANA).post().uri("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "useCase", "credit", "riskTier", 1, "owner", "dana"))
                .retrieve().toBodilessEntity();
        return name;
    }

    /** Uploads a version as multipart (the notebook client's way). */
    public Answer upload(RestClient client, String model, byte[] artifact, String metadata) {
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        fileHeaders.setContentDisposition(ContentDisposition.formData().name("artifact").filename("model.bin").build());
        HttpHeaders jsonHeaders = new HttpHeaders();
        jsonHeaders.setContentType(MediaType.APPLICATION_JSON);
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("artifact", new HttpEntity<>(new ByteArrayResource(artifact), fileHeaders));
        parts.add("metadata", new HttpEntity<>(metadata, jsonHeaders));
        return exchange(client.post().uri("/api/v1/models/{m}/versions", model)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts));
    }

    public Answer exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((req, res) -> {
            byte[] body = res.getBody().readAllBytes();
            return new Answer(res.getStatusCode().value(), String.valueOf(res.getHeaders().getContentType()),
                    body.length == 0 ? null : json.readTree(new String(body, StandardCharsets.UTF_8)));
        });
    }

    public JsonNode version(String model, int version) {
        return as(DemoIdentity.AUDREY).get().uri("/api/v1/models/{m}/versions/{v}", model, version)
                .retrieve().body(JsonNode.class);
    }

    /** The data of every event the registry committed for {@code subject} on {@code topic} with {@code type}, in order. */
    public List<JsonNode> events(String topic, String subject, String type) {
        return jdbc.queryForList("select payload from steward_outbox where topic = ? and event_key = ? order by position",
                        String.class, topic, subject).stream()
                .map(json::readTree)
                .filter(e -> e.get("type").asString().equals(type))
                .map(e -> e.get("data"))
                .toList();
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
