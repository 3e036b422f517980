package org.steward.featurestore.online;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.offline.OfflineTables;
import org.steward.testsupport.MovableClock;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the online store's integration tests share: the API as each demo identity, offline rows, jobs. */
abstract class OnlineIntegrationSupport {

    /** The @SpringBootTest properties of the PostgreSQL-backed tests, so they share one application context. */
    static final String CONFIG = "spring.config.name=feature-store";
    static final String POSTGRES_SCHEMA = "steward.service.schema=feature_store_online_it";

    static {
        // Tests with one instance per class get their context when the instance is made, before class-level
        // extensions such as @RealInfrastructure run: the servers must be up first.
        RealInfrastructureExtension.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    MovableClock clock;
    @Autowired
    DefinitionService definitions;
    @Autowired
    OfflineTables offline;

    record Response(int status, JsonNode body) {
    }

    RestClient as(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + RealInfrastructureExtension.issuer().issuer().issue(identity))
                .build();
    }

    void apply(String yaml) {
        int status = as(DemoIdentity.DANA).post().uri("/api/v1/definitions").contentType(MediaType.parseMediaType("application/yaml"))
                .body(yaml).exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).as("applying definitions").isIn(200, 201);
    }

    Response post(DemoIdentity identity, String path, Object body) {
        return as(identity).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> {
                    byte[] bytes = res.getBody().readAllBytes();
                    return new Response(res.getStatusCode().value(), bytes.length == 0 ? null : json.readTree(bytes));
                });
    }

    JsonNode onlineFeatures(Object body) {
        Response response = post(DemoIdentity.OMAR, "/api/v1/online-features", body);
        assertThat(response.status()).as("online features: %s", response.body()).isEqualTo(200);
        return response.body();
    }

    /** Materialises as the ML engineer and waits for the job; returns the finished job. */
    JsonNode materialize(Object body) {
        Response submitted = post(DemoIdentity.ELI, "/api/v1/materializations", body);
        assertThat(submitted.status()).as("materialisation: %s", submitted.body()).isEqualTo(202);
        String id = submitted.body().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = as(DemoIdentity.ELI).get().uri("/api/v1/jobs/{id}", id).retrieve().body(JsonNode.class);
            String state = job.get("state").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            sleep();
        }
        throw new AssertionError("materialisation job " + id + " did not finish in time");
    }

    FeatureView view(String name) {
        return definitions.catalog().latestFeatureView(name).orElseThrow();
    }

    /**
     * Inserts offline rows as ingest lands them: {@code columns} name the join keys, event_time, created and
     * features; a null created takes the database's clock, as ingest's rows do.
     */
    void insert(String viewName, List<String> columns, List<List<Object>> rows) {
        FeatureView view = view(viewName);
        int eventTime = columns.indexOf("event_time");
        offline.ensurePartitions(view, rows.stream().map(r -> (Instant) r.get(eventTime)).min(Instant::compareTo).orElseThrow(),
                rows.stream().map(r -> (Instant) r.get(eventTime)).max(Instant::compareTo).orElseThrow());
        String sql = "insert into " + OfflineTables.table(view) + " ("
                + String.join(", ", columns.stream().map(OfflineTables::quote).toList()) + ", batch_id) values ("
                + String.join(", ", columns.stream().map(c -> switch (c) {
                    case "created" -> "coalesce(?::timestamptz, clock_timestamp())";
                    case "event_time" -> "?::timestamptz";
                    default -> "?";
                }).toList()) + ", gen_random_uuid())";
        for (List<Object> row : rows) {
            jdbc.update(sql, row.stream().map(v -> v instanceof Instant i ? i.toString() : v).toArray());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
