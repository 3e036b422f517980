package org.steward.featurestore.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Batch ingest through the API against a real PostgreSQL: landing, refusal, quarantine, replay, bad requests. */
@RealInfrastructure
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=feature-store", "steward.service.schema=feature_store_ingest_it"})
class IngestApiIntegrationTest {

    static final String CSV = "text/csv";
    static final String HEADER = "customer_id,event_time,age,income,housing,active\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @TempDir
    Path dir;

    record Response(int status, byte[] body, HttpHeaders headers) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Test
    void goodCsvJsonLinesAndParquetBatchesLandWithTheirCountsAndTypedValues() throws Exception {
        applyView("ingest_good", "{type: batch}");

        Response csv = upload("ingest_good", CSV, HEADER
                + "c1,2024-03-01T10:00:00Z,30,1000.5,own,true\n"
                + "c2,2024-03-02,45,,\"rent\",false\n"
                + "c3,2023-12-31T23:00:00-02:00,60,0,,\n");
        assertThat(csv.status()).as(csv.text()).isEqualTo(201);
        JsonNode ack = json(csv);
        assertThat(ack.get("rows").asLong()).isEqualTo(3);
        assertThat(ack.get("view").asString()).isEqualTo("ingest_good");
        assertThat(ack.get("version").asInt()).isEqualTo(1);
        assertThat(ack.get("minEventTime").asString()).isEqualTo("2024-01-01T01:00:00Z");
        assertThat(ack.get("maxEventTime").asString()).isEqualTo("2024-03-02T00:00:00Z");
        assertThat(csv.headers().getLocation()).hasToString("/api/v1/batches/" + ack.get("batchId").asString());
        Map<String, Object> c1 = jdbc.queryForMap("select * from offline_ingest_good_v1 where customer_id = 'c1'");
        assertThat(c1).containsEntry("age", 30L).containsEntry("income", 1000.5).containsEntry("housing", "own")
                .containsEntry("active", true).containsEntry("batch_id", UUID.fromString(ack.get("batchId").asString()));
        assertThat(((OffsetDateTime) jdbc.queryForObject("select event_time from offline_ingest_good_v1 where customer_id = 'c1'",
                OffsetDateTime.class)).toInstant()).hasToString("2024-03-01T10:00:00Z");
        assertThat(jdbc.queryForMap("select * from offline_ingest_good_v1 where customer_id = 'c2'"))
                .containsEntry("income", null).containsEntry("active", false);

        Response jsonl = upload("ingest_good", "application/x-ndjson", """
                {"customer_id": "j1", "event_time": "2024-05-01T00:00:00Z", "age": 33, "income": 12.25, "active": true}
                {"customer_id": "j2", "event_time": "2024-05-02", "age": 34, "housing": "free"}
                """);
        assertThat(jsonl.status()).as(jsonl.text()).isEqualTo(201);
        assertThat(json(jsonl).get("rows").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForMap("select age, income, housing, active from offline_ingest_good_v1 where customer_id = 'j2'"))
                .containsEntry("age", 34L).containsEntry("income", null).containsEntry("housing", "free");

        Path parquet = dir.resolve("batch.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("copy (select 'p' || i as customer_id, timestamp '2022-06-01 08:00:00' + interval (i * 200) day as event_time, "
                    + "(20 + i)::bigint as age, i * 0.5 as income, 'rent' as housing, true as active from range(5) t(i)) "
                    + "to '" + parquet + "' (format parquet)");
        }
        Response parquetBatch = upload("ingest_good?version=1", "application/vnd.apache.parquet", Files.readAllBytes(parquet));
        assertThat(parquetBatch.status()).as(parquetBatch.text()).isEqualTo(201);
        assertThat(json(parquetBatch).get("rows").asLong()).isEqualTo(5);
        assertThat(json(parquetBatch).get("maxEventTime").asString()).isEqualTo("2024-08-09T08:00:00Z");
        assertThat(jdbc.queryForMap("select age, income, housing, active from offline_ingest_good_v1 where customer_id = 'p3'"))
                .containsEntry("age", 23L).containsEntry("income", 1.5).containsEntry("housing", "rent").containsEntry("active", true);
        Response octets = upload("ingest_good?format=parquet", "application/octet-stream", Files.readAllBytes(parquet));
        assertThat(octets.status()).as(octets.text()).isEqualTo(201);

        assertThat(count("select count(*) from offline_ingest_good_v1")).isEqualTo(15);
        assertThat(count("select count(*) from pg_tables where tablename in ('offline_ingest_good_v1_y2022', "
                + "'offline_ingest_good_v1_y2023', 'offline_ingest_good_v1_y2024')")).isEqualTo(3);
        assertThat(count("select count(*) from offline_ingest_good_v1_default")).isZero();

        JsonNode batch = json(get("/api/v1/batches/" + ack.get("batchId").asString(), DemoIdentity.AUDREY));
        assertThat(batch.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(batch.get("format").asString()).isEqualTo("csv");
        assertThat(batch.get("rows").asLong()).isEqualTo(3);
        assertThat(batch.get("createdBy").asString()).isEqualTo("dana");
        assertThat(count("select count(*) from steward_outbox where topic = 'steward.audit' and event_key = 'feature-view/ingest_good@1' "
                + "and payload::jsonb ->> 'type' = 'feature-batch.ingested'")).isEqualTo(4);
        assertThat(jdbc.queryForObject("select payload::jsonb -> 'data' ->> 'rows' from steward_outbox where topic = 'steward.features' "
                + "and payload::jsonb ->> 'type' = 'feature.batch.ingested' and payload::jsonb -> 'data' ->> 'batchId' = ?",
                String.class, ack.get("batchId").asString())).isEqualTo("3");
    }

    @Test
    void aBadBatchIsRefusedWholeWithAPreciseReportQuarantinedAndReplayedOnceFixed() {
        applyView("ingest_bad", "{type: batch}");
        String bad = HEADER
                + "c1,2024-03-01,30,10,own,true\n"
                + "c2,2024-03-01,150,10,own,true\n"
                + ",2024-03-01,30,10,own,true\n"
                + "c4,2024-03-01,30,10,castle,maybe\n"
                + "c5,2999-01-01,30,-3,own,true\n";

        Response refused = upload("ingest_bad", CSV, bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asString()).isEqualTo("urn:steward:problem:batch-refused");
        assertThat(problem.get("detail").asString()).startsWith("6 violation(s) in 5 row(s) of a batch for ingest_bad@1; nothing landed. "
                + "First: row 2, column age (range): above the maximum 100");
        assertThat(problem.get("violationCount").asLong()).isEqualTo(6);
        String quarantined = problem.get("batchId").asString();
        assertThat(problem.get("report")).extracting(v -> v.get("row").asLong(), v -> v.get("column").asString(),
                        v -> v.get("rule").asString(), v -> v.path("value").asString(null))
                .containsExactly(
                        tuple(2L, "age", "range", "150"),
                        tuple(3L, "customer_id", "null", null),
                        tuple(4L, "housing", "allowed", "castle"),
                        tuple(4L, "active", "type", "maybe"),
                        tuple(5L, "event_time", "event_time", "2999-01-01"),
                        tuple(5L, "income", "range", "-3"));
        assertThat(problem.get("report").get(0).get("message").asString()).isEqualTo("above the maximum 100");
        assertThat(count("select count(*) from offline_ingest_bad_v1")).as("nothing landed").isZero();

        JsonNode stored = json(get("/api/v1/batches/" + quarantined, DemoIdentity.AUDREY));
        assertThat(stored.get("status").asString()).isEqualTo("QUARANTINED");
        assertThat(stored.get("violationCount").asLong()).isEqualTo(6);
        assertThat(stored.get("report")).hasSize(6);
        assertThat(json(get("/api/v1/batches?status=QUARANTINED&view=ingest_bad", DemoIdentity.AUDREY)))
                .extracting(b -> b.get("id").asString()).containsExactly(quarantined);
        Response content = get("/api/v1/batches/" + quarantined + "/content", DemoIdentity.AUDREY);
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.text()).isEqualTo(bad);
        assertThat(content.headers().getContentType()).hasToString("text/csv");
        assertThat(count("select count(*) from steward_outbox where event_key = 'feature-view/ingest_bad@1' "
                + "and payload::jsonb ->> 'type' in ('feature-batch.quarantined', 'feature.batch.quarantined')")).isEqualTo(2);

        Response stillBad = replay(quarantined, bad.replace("150", "99"));
        assertThat(stillBad.status()).isEqualTo(422);
        String second = json(stillBad).get("batchId").asString();
        assertThat(second).isNotEqualTo(quarantined);
        assertThat(json(stillBad).get("violationCount").asLong()).isEqualTo(5);
        assertThat(json(get("/api/v1/batches/" + second, DemoIdentity.DANA)).get("replayOf").asString()).isEqualTo(quarantined);
        assertThat(json(get("/api/v1/batches/" + quarantined, DemoIdentity.DANA)).get("status").asString()).isEqualTo("QUARANTINED");

        String fixed = HEADER
                + "c1,2024-03-01,30,10,own,true\n"
                + "c2,2024-03-01,99,10,own,true\n"
                + "c3,2024-03-01,30,10,own,true\n"
                + "c4,2024-03-01,30,10,free,false\n"
                + "c5,2024-01-01,30,3,own,true\n";
        Response accepted = replay(quarantined, fixed);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
        String replacement = json(accepted).get("batchId").asString();
        assertThat(json(accepted).get("replayOf").asString()).isEqualTo(quarantined);
        assertThat(count("select count(*) from offline_ingest_bad_v1")).isEqualTo(5);
        JsonNode replayed = json(get("/api/v1/batches/" + quarantined, DemoIdentity.DANA));
        assertThat(replayed.get("status").asString()).isEqualTo("REPLAYED");
        assertThat(replayed.get("replayedBy").asString()).isEqualTo(replacement);
        assertThat(json(get("/api/v1/batches/" + second, DemoIdentity.DANA)).get("replayedBy").asString())
                .as("the other failed attempt is resolved too").isEqualTo(replacement);
        assertThat(json(get("/api/v1/batches?status=QUARANTINED&view=ingest_bad", DemoIdentity.AUDREY))).isEmpty();
        assertThat(json(get("/api/v1/batches?view=ingest_bad", DemoIdentity.AUDREY))).extracting(b -> b.get("status").asString())
                .containsExactly("ACCEPTED", "REPLAYED", "REPLAYED");

        Response again = replay(quarantined, fixed);
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).get("detail").asString()).contains("is REPLAYED (by " + replacement + ")");
        assertThat(count("select count(*) from offline_ingest_bad_v1")).isEqualTo(5);
    }

    @Test
    void refusesEmptyFilesWrongContentTypesUnknownViewsAndRolesThatMayNotUpload() {
        applyView("ingest_refusals", "{type: batch}");

        Response empty = upload("ingest_refusals", CSV, "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(json(empty).get("detail").asString()).startsWith("the file is empty");
        Response headerOnly = upload("ingest_refusals", CSV, HEADER);
        assertThat(headerOnly.status()).isEqualTo(400);
        assertThat(json(headerOnly).get("detail").asString()).contains("no data rows");

        Response jsonType = upload("ingest_refusals", "application/json", "{}");
        assertThat(jsonType.status()).isEqualTo(415);
        assertThat(json(jsonType).get("detail").asString()).contains("'application/json' is not a batch format")
                .contains("text/csv").contains("application/x-ndjson").contains("application/vnd.apache.parquet");
        Response octets = upload("ingest_refusals", "application/octet-stream", "x");
        assertThat(octets.status()).isEqualTo(415);
        assertThat(json(octets).get("detail").asString()).contains("?format=parquet");
        Response badFormat = upload("ingest_refusals?format=xlsx", "application/octet-stream", "x");
        assertThat(badFormat.status()).isEqualTo(400);

        Response unknown = upload("no_such_view", CSV, HEADER + "c1,2024-03-01,30,,,\n");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asString()).contains("no feature view named 'no_such_view'");
        Response unknownVersion = upload("ingest_refusals?version=9", CSV, HEADER + "c1,2024-03-01,30,,,\n");
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(json(unknownVersion).get("detail").asString()).contains("has no version 9; its versions are [1]");

        Response auditor = post("/api/v1/feature-views/ingest_refusals/batches", CSV,
                (HEADER + "c1,2024-03-01,30,,,\n").getBytes(StandardCharsets.UTF_8), DemoIdentity.AUDREY);
        assertThat(auditor.status()).isEqualTo(403);
        assertThat(get("/api/v1/batches/00000000-0000-0000-0000-000000000000", DemoIdentity.DANA).status()).isEqualTo(404);
        assertThat(get("/api/v1/batches?status=LOST", DemoIdentity.DANA).status()).isEqualTo(400);
        assertThat(count("select count(*) from offline_ingest_refusals_v1")).isZero();
        assertThat(count("select count(*) from ingest_batch where view = 'ingest_refusals'")).isZero();
    }

    void applyView(String name, String source) {
        String yaml = """
                entities: [{name: customer, joinKeys: [{name: customer_id, type: string}]}]
                featureViews:
                  - name: %s
                    entities: [customer]
                    ttl: 365d
                    owner: dana
                    source: %s
                    features:
                      - {name: age, type: int64, min: 18, max: 100, nullable: false}
                      - {name: income, type: float64, min: 0}
                      - {name: housing, type: string, allowedValues: [own, rent, free]}
                      - {name: active, type: bool}
                """.formatted(name, source);
        Response applied = post("/api/v1/definitions", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8), DemoIdentity.DANA);
        assertThat(applied.status()).as(applied.text()).isIn(200, 201);
    }

    Response upload(String viewAndQuery, String contentType, String body) {
        return upload(viewAndQuery, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Response upload(String viewAndQuery, String contentType, byte[] body) {
        String[] parts = viewAndQuery.split("\\?", 2);
        return post("/api/v1/feature-views/" + parts[0] + "/batches" + (parts.length > 1 ? "?" + parts[1] : ""), contentType, body,
                DemoIdentity.DANA);
    }

    Response replay(String batchId, String csv) {
        return post("/api/v1/batches/" + batchId + "/replay", CSV, csv.getBytes(StandardCharsets.UTF_8), DemoIdentity.ELI);
    }

    Response post(String uri, String contentType, byte[] body, DemoIdentity who) {
        return as(who).post().uri(uri).contentType(MediaType.parseMediaType(contentType)).body(body)
                .exchange((req, res) -> new Response(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders()));
    }

    Response get(String uri, DemoIdentity who) {
        return as(who).get().uri(uri)
                .exchange((req, res) -> new Response(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders()));
    }

    JsonNode json(Response response) {
        return json.readTree(response.body());
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    RestClient as(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + RealInfrastructureExtension.issuer().issuer().issue(identity))
                .build();
    }
}
