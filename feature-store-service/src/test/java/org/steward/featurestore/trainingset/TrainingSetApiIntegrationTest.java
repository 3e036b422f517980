package org.steward.featurestore.trainingset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.commons.json.Sha256;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.offline.OfflineTables;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Training sets through the API against a real PostgreSQL: the synchronous and job paths, the point-in-time values
 * (ties, ttl, late rows, missing entities, duplicates, transformations with request features), downloads that hash
 * to the recorded content hash, Parquet, lineage, events, immutability and refusals.
 */
@RealInfrastructure
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=feature-store", "steward.service.schema=feature_store_training_sets_it"})
class TrainingSetApiIntegrationTest {

    static final String DEFINITIONS = """
            entities:
              - {name: customer, joinKeys: [{name: customer_id, type: string}]}
            featureViews:
              - name: profile
                entities: [customer]
                ttl: 365d
                owner: dana
                source: {type: batch}
                features:
                  - {name: age, type: int64}
                  - {name: housing, type: string}
              - name: loan
                entities: [customer]
                ttl: 0
                owner: dana
                source: {type: batch}
                features:
                  - {name: credit_amount, type: float64}
                  - {name: duration, type: int64}
              - name: activity
                entities: [customer]
                ttl: 30d
                owner: dana
                source: {type: batch}
                features:
                  - {name: txn_count, type: int64}
            transformations:
              - {name: amount_per_month, type: float64, expression: "loan__credit_amount / loan__duration"}
              - {name: share_requested, type: float64, expression: "requested_amount / loan__credit_amount"}
            featureServices:
              - name: scorecard
                features: ["profile:age", "profile:housing", "loan:credit_amount", "loan:duration"]
                transformations: [amount_per_month, share_requested]
                requestFeatures: [{name: requested_amount, type: float64}]
              - name: plain
                features: ["profile:age"]
              - name: activity_only
                features: ["activity:txn_count"]
            """;

    static final String ENTITY_ROWS = """
            customer_id,event_time,label,requested_amount
            c1,2024-06-01T12:00:00Z,1,500
            c1,2024-06-01 12:00:00+00,1,500
            c2,2024-06-15T00:00:00Z,0,
            c3,2024-06-15T00:00:00+00:00,0,100
            c1,2024-01-09,,200
            """;

    static final String HEADER = "customer_id,event_time,label,requested_amount,profile__age,profile__housing,"
            + "loan__credit_amount,loan__duration,amount_per_month,share_requested\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DefinitionService definitions;
    @Autowired
    OfflineTables offline;

    /** Once per class: the context (and its schema) is shared by the tests, which never change these rows. */
    private static boolean loaded;

    @BeforeEach
    void defineAndLoad() {
        if (loaded) {
            return;
        }
        loaded = true;
        int status = as(DemoIdentity.DANA).post().uri("/api/v1/definitions").contentType(MediaType.parseMediaType("application/yaml"))
                .body(DEFINITIONS).exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(201);
        // profile: a tie on event time broken by the later created; an old row beyond the 365d ttl
        profile("c1", "2024-01-10T00:00:00Z", "2024-01-10T00:00:00Z", 30, "own");
        profile("c1", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z", 31, "rent, shared");
        profile("c1", "2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", 32, "rent");
        profile("c2", "2022-01-01T00:00:00Z", "2022-01-01T00:00:00Z", 50, "free");
        // loan: no ttl; a backfill created a month after its event time
        loan("c1", "2023-01-01T00:00:00Z", "2023-01-01T00:00:00Z", 1000.0, 10L);
        loan("c2", "2023-05-01T00:00:00Z", "2023-05-01T00:00:00Z", 2500.5, 0L);
        loan("c1", "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", 5000.0, 20L);
    }

    @Test
    void buildsThePointInTimeJoinSynchronouslyWithAHashThatTheDownloadMatches() {
        Response created = post("featureService=scorecard&name=first", ENTITY_ROWS, DemoIdentity.DANA);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode record = json.readTree(created.body());
        assertThat(created.location()).isEqualTo("/api/v1/training-sets/" + record.get("id").asString());
        assertThat(record.get("rowCount").asLong()).isEqualTo(5);
        assertThat(record.get("name").asString()).isEqualTo("first");
        assertThat(record.get("createdBy").asString()).isEqualTo("dana");
        assertThat(record.get("excludeCreatedAfter").asBoolean()).isFalse();
        assertThat(record.get("entityRowsSha256").asString()).isEqualTo(Sha256.hex(ENTITY_ROWS.getBytes(StandardCharsets.UTF_8)));

        Response csv = get("/api/v1/training-sets/" + record.get("id").asString() + "/data?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).isEqualTo(HEADER
                + "c1,2024-06-01T12:00:00Z,1,500.0,32,rent,5000.0,20,250.0,0.1\n"
                + "c1,2024-06-01T12:00:00Z,1,500.0,32,rent,5000.0,20,250.0,0.1\n"
                + "c2,2024-06-15T00:00:00Z,0,,,,2500.5,0,,\n"
                + "c3,2024-06-15T00:00:00Z,0,100.0,,,,,,\n"
                + "c1,2024-01-09T00:00:00Z,,200.0,,,1000.0,10,100.0,0.2\n");
        assertThat(Sha256.hex(csv.bytes())).isEqualTo(record.get("contentSha256").asString());
        assertThat(csv.digest()).isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex(record.get("contentSha256").asString())) + ":");

        JsonNode columns = record.get("columns");
        assertThat(columns).extracting(c -> c.get("name").asString() + ":" + c.get("type").asString() + ":" + c.get("role").asString())
                .containsExactly("customer_id:string:key", "event_time:timestamp:event_time", "label:int64:extra",
                        "requested_amount:float64:request", "profile__age:int64:feature", "profile__housing:string:feature",
                        "loan__credit_amount:float64:feature", "loan__duration:int64:feature",
                        "amount_per_month:float64:transformation", "share_requested:float64:transformation");
        assertThat(columns.get(4).get("source").asString()).isEqualTo("profile@1:age");
    }

    @Test
    void excludingRowsCreatedAfterTheEventTimeKeepsLateBackfillsOut() {
        Response created = post("featureService=scorecard&excludeCreatedAfter=true", ENTITY_ROWS, DemoIdentity.ELI);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode record = json.readTree(created.body());
        Response csv = get("/api/v1/training-sets/" + record.get("id").asString() + "/data");
        assertThat(csv.body()).isEqualTo(HEADER
                + "c1,2024-06-01T12:00:00Z,1,500.0,31,\"rent, shared\",1000.0,10,100.0,0.5\n"
                + "c1,2024-06-01T12:00:00Z,1,500.0,31,\"rent, shared\",1000.0,10,100.0,0.5\n"
                + "c2,2024-06-15T00:00:00Z,0,,,,2500.5,0,,\n"
                + "c3,2024-06-15T00:00:00Z,0,100.0,,,,,,\n"
                + "c1,2024-01-09T00:00:00Z,,200.0,,,1000.0,10,100.0,0.2\n");
        assertThat(Sha256.hex(csv.bytes())).isEqualTo(record.get("contentSha256").asString());
        assertThat(record.get("lineage").get("excludeCreatedAfter").asBoolean()).isTrue();
    }

    @Test
    void recordsLineageAndEventsAndCanBeReadBackAndListed() {
        JsonNode record = json.readTree(post("featureService=scorecard&version=1", ENTITY_ROWS, DemoIdentity.DANA).body());
        String id = record.get("id").asString();

        JsonNode lineage = json.readTree(get("/api/v1/training-sets/" + id).body()).get("lineage");
        assertThat(lineage.get("featureService").toString()).isEqualTo("{\"name\":\"scorecard\",\"version\":1}");
        assertThat(lineage.get("featureViews")).hasSize(2);
        JsonNode profile = lineage.get("featureViews").get(0);
        assertThat(profile.get("name").asString()).isEqualTo("profile");
        assertThat(profile.get("version").asInt()).isEqualTo(1);
        assertThat(profile.get("ttl").asString()).isEqualTo("365d");
        assertThat(profile.get("offlineTable").asString()).isEqualTo("offline_profile_v1");
        assertThat(profile.get("features").toString()).isEqualTo("[\"age\",\"housing\"]");
        assertThat(lineage.get("featureViews").get(1).get("ttl").asString()).isEqualTo("0");
        assertThat(lineage.get("transformations")).extracting(t -> t.get("name").asString() + "@" + t.get("version").asInt())
                .containsExactly("amount_per_month@1", "share_requested@1");
        assertThat(lineage.get("transformations").get(0).get("expression").asString())
                .isEqualTo("loan__credit_amount / loan__duration");
        assertThat(lineage.get("requestFeatures").get(0).get("name").asString()).isEqualTo("requested_amount");
        assertThat(lineage.get("entityRows").get("sha256").asString()).isEqualTo(record.get("entityRowsSha256").asString());
        assertThat(lineage.get("entityRows").get("rows").asLong()).isEqualTo(5);

        assertThat(count("select count(*) from steward_outbox where topic = 'steward.audit' and event_key = 'training-set/" + id + "'"))
                .isEqualTo(1);
        String event = jdbc.queryForObject("select payload from steward_outbox where topic = 'steward.features' and event_key = ?",
                String.class, "training-set/" + id);
        JsonNode data = json.readTree(event).get("data");
        assertThat(json.readTree(event).get("type").asString()).isEqualTo("training-set.created");
        assertThat(data.get("lineage")).isEqualTo(lineage);
        assertThat(data.get("contentSha256").asString()).isEqualTo(record.get("contentSha256").asString());

        JsonNode listed = json.readTree(get("/api/v1/training-sets?featureService=scorecard").body());
        assertThat(listed).extracting(t -> t.get("id").asString()).contains(id);
        assertThat(json.readTree(get("/api/v1/training-sets?featureService=nothing").body())).isEmpty();
    }

    @Test
    void snapshotsCannotBeChanged() {
        String id = json.readTree(post("featureService=plain", ENTITY_ROWS, DemoIdentity.DANA).body()).get("id").asString();
        String table = TrainingSet.snapshotTable(UUID.fromString(id));
        assertThatThrownBy(() -> jdbc.update("update " + table + " set profile__age = 1")).rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("delete from " + table)).rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("truncate " + table)).rootCause().hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("update training_set set row_count = 0 where id = ?::uuid", id))
                .rootCause().hasMessageContaining("immutable");
    }

    @Test
    void rowsAlteredAfterTheBuildAreRefusedOnDownloadFoundByVerificationAndAudited() {
        JsonNode record = json.readTree(post("featureService=plain", ENTITY_ROWS, DemoIdentity.DANA).body());
        String id = record.get("id").asString();
        JsonNode intact = json.readTree(get("/api/v1/training-sets/" + id + "/verify").body());
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("actualSha256").asString()).isEqualTo(record.get("contentSha256").asString());
        assertThat(intact.get("rowCount").asLong()).isEqualTo(5);

        double downloadsRefusedBefore = meters.find("steward.training_sets.corrupted").tag("found", "download").counters()
                .stream().mapToDouble(Counter::count).sum();
        // What only the table's owner can do: switch the immutability trigger off and edit a row.
        String table = TrainingSet.snapshotTable(UUID.fromString(id));
        jdbc.execute("alter table " + table + " disable trigger " + table + "_immutable");
        jdbc.update("update " + table + " set profile__age = 99 where row_number = 1");
        jdbc.execute("alter table " + table + " enable trigger " + table + "_immutable");

        for (String format : List.of("csv", "parquet")) {
            Response refused = get("/api/v1/training-sets/" + id + "/data?format=" + format);
            assertThat(refused.status()).as(format).isEqualTo(409);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.body()).contains("Training set corrupted", "no longer hash to its recorded content hash "
                    + record.get("contentSha256").asString(), "Build the training set again");
        }
        JsonNode broken = json.readTree(get("/api/v1/training-sets/" + id + "/verify").body());
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("contentSha256").asString()).isEqualTo(record.get("contentSha256").asString());
        assertThat(broken.get("actualSha256").asString()).isNotEqualTo(record.get("contentSha256").asString()).hasSize(64);

        assertThat(count("select count(*) from steward_outbox where topic = 'steward.audit' and event_key = 'training-set/" + id
                + "' and payload::jsonb ->> 'type' = 'training-set.corrupted'")).isEqualTo(3);
        assertThat(meters.get("steward.training_sets.corrupted").tag("found", "download").counter().count())
                .isEqualTo(downloadsRefusedBefore + 2);
        assertThat(meters.get("steward.training_sets.corrupted").tag("found", "verification").counter().count()).isPositive();
        assertThat(get("/api/v1/training-sets/" + UUID.randomUUID() + "/verify").status()).isEqualTo(404);
    }

    @Test
    void aSnapshotWhoseTableWasDroppedIsReportedAsGoneNotAsAnInternalError() {
        String id = json.readTree(post("featureService=plain", ENTITY_ROWS, DemoIdentity.DANA).body()).get("id").asString();
        jdbc.execute("drop table " + TrainingSet.snapshotTable(UUID.fromString(id)));

        JsonNode verification = json.readTree(get("/api/v1/training-sets/" + id + "/verify").body());
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("rowsMissing").asBoolean()).isTrue();
        assertThat(verification.get("actualSha256").isNull()).isTrue();
        Response refused = get("/api/v1/training-sets/" + id + "/data");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("are gone: the table that held them no longer exists");
    }

    @Test
    void parquetDownloadCarriesTheSameRowsWithTheirTypes() throws Exception {
        String id = json.readTree(post("featureService=scorecard", ENTITY_ROWS, DemoIdentity.DANA).body()).get("id").asString();
        Response parquet = get("/api/v1/training-sets/" + id + "/data?format=parquet");
        assertThat(parquet.status()).isEqualTo(200);
        assertThat(parquet.contentType()).isEqualTo("application/vnd.apache.parquet");
        Path file = Files.createTempFile("training-set-", ".parquet");
        try {
            Files.write(file, parquet.bytes());
            try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckDb.createStatement()) {
                List<String> types = new ArrayList<>();
                try (ResultSet rs = sql.executeQuery("select column_name, column_type from (describe select * from read_parquet('"
                        + file + "'))")) {
                    while (rs.next()) {
                        types.add(rs.getString(1) + ":" + rs.getString(2));
                    }
                }
                assertThat(types).containsExactly("customer_id:VARCHAR", "event_time:TIMESTAMP WITH TIME ZONE",
                        "label:BIGINT", "requested_amount:DOUBLE", "profile__age:BIGINT", "profile__housing:VARCHAR",
                        "loan__credit_amount:DOUBLE", "loan__duration:BIGINT", "amount_per_month:DOUBLE", "share_requested:DOUBLE");
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = sql.executeQuery("select customer_id, epoch_us(event_time), label, profile__age, "
                        + "profile__housing, amount_per_month from read_parquet('" + file + "')")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4) + "|"
                                + rs.getString(5) + "|" + rs.getObject(6));
                    }
                }
                long t1 = Instant.parse("2024-06-01T12:00:00Z").toEpochMilli() * 1000;
                long t2 = Instant.parse("2024-06-15T00:00:00Z").toEpochMilli() * 1000;
                long t3 = Instant.parse("2024-01-09T00:00:00Z").toEpochMilli() * 1000;
                assertThat(rows).containsExactly("c1|" + t1 + "|1|32|rent|250.0", "c1|" + t1 + "|1|32|rent|250.0",
                        "c2|" + t2 + "|0|null|null|null", "c3|" + t2 + "|0|null|null|null", "c1|" + t3 + "|null|null|null|100.0");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void largeRequestsRunAsAJobWhoseResultIsTheSnapshot() throws InterruptedException {
        StringBuilder rows = new StringBuilder("customer_id,event_time\n");
        int count = TrainingSetService.SYNC_ROW_LIMIT + 1;
        for (int i = 0; i < count; i++) {
            rows.append(i % 2 == 0 ? "c1" : "c9").append(',').append(Instant.parse("2024-01-05T00:00:00Z").plusSeconds(i * 60L)).append('\n');
        }
        Response accepted = post("featureService=plain", rows.toString(), DemoIdentity.ELI);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode queued = json.readTree(accepted.body());
        assertThat(queued.get("rows").asLong()).isEqualTo(count);
        assertThat(accepted.location()).isEqualTo("/api/v1/jobs/" + queued.get("jobId").asString());

        JsonNode job = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            job = json.readTree(get(accepted.location()).body());
            if (job.get("state").asString().equals("SUCCEEDED") || job.get("state").asString().equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.get("result");
        assertThat(result.get("rowCount").asLong()).isEqualTo(count);
        assertThat(result.get("createdBy").asString()).isEqualTo("eli");

        Response csv = get("/api/v1/training-sets/" + result.get("id").asString() + "/data?format=csv");
        assertThat(Sha256.hex(csv.bytes())).isEqualTo(result.get("contentSha256").asString());
        String[] lines = csv.body().split("\n");
        assertThat(lines).hasSize(count + 1);
        assertThat(lines[1]).isEqualTo("c1,2024-01-05T00:00:00Z,");
        assertThat(lines[count]).isEqualTo("c1," + Instant.parse("2024-01-05T00:00:00Z").plusSeconds((count - 1) * 60L) + ",30");
    }

    @Test
    void theJoinReadsTheOfflineTablesThroughTheirPointInTimeIndex() throws SQLException {
        Catalog catalog = definitions.catalog();
        offline.ensurePartitions(catalog.latestFeatureView("activity").orElseThrow(),
                Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"));
        jdbc.update("insert into offline_activity_v1 (customer_id, event_time, created, batch_id, txn_count) "
                + "select 'a' || (g % 3000), timestamptz '2023-06-01' + g * interval '7 minutes', "
                + "timestamptz '2023-06-01' + g * interval '7 minutes', gen_random_uuid(), g from generate_series(1, 60000) g");
        jdbc.execute("analyze offline_activity_v1");
        TrainingSetPlan plan = TrainingSetPlan.of(catalog.latestFeatureService("activity_only").orElseThrow(), catalog);

        String pruned = explain(plan);
        assertThat(pruned).as(pruned).contains("Index Scan using offline_activity_v1_y2024")
                .contains("Index Scan using offline_activity_v1_y2023").doesNotContain("Merge Append")
                .doesNotContain("offline_activity_v1_default").doesNotContain("Seq Scan on offline");

        jdbc.update("insert into offline_activity_v1 (customer_id, event_time, created, batch_id, txn_count) "
                + "values ('late', '2031-01-01', '2031-01-01', gen_random_uuid(), 1)");
        String merged = explain(plan);
        assertThat(merged).as(merged).contains("Merge Append").contains("Index Scan using offline_activity_v1_y2024")
                .contains("offline_activity_v1_default").doesNotContain("Seq Scan on offline");
        assertThat(merged.lines().filter(line -> line.contains("Sort  (")).count()).as("only the entity rows are sorted")
                .isEqualTo(merged.lines().filter(line -> line.contains("Sort Key: pit_entity_rows")).count());
    }

    /** The plans of the join, with and without rows created after T, for 20,000 entity rows. */
    private String explain(TrainingSetPlan plan) throws SQLException {
        List<Column> entity = List.of(new Column("customer_id", ColumnType.STRING, Column.Role.KEY, null),
                new Column("event_time", ColumnType.TIMESTAMP, Column.Role.EVENT_TIME, null));
        StringBuilder explained = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            sql.execute(PointInTimeSql.createEntityTable(entity));
            sql.execute("insert into " + PointInTimeSql.ENTITY_TABLE + " select g, 'a' || (g % 4000), "
                    + "timestamptz '2024-06-01' + g * interval '1 minute' from generate_series(1, 20000) g");
            sql.execute(PointInTimeSql.analyzeEntityTable());
            for (String statement : PointInTimeSql.joinSettings()) {
                sql.execute(statement);
            }
            Map<String, PartitionSpan> spans = new HashMap<>();
            PartitionSpan.of(connection, "offline_activity_v1").ifPresent(span -> spans.put("offline_activity_v1", span));
            for (boolean exclude : List.of(false, true)) {
                try (ResultSet rs = sql.executeQuery("explain " + PointInTimeSql.join(plan, entity, exclude, spans,
                        PointInTimeSql.bytewiseKeys(connection, plan), 1, 20_000))) {
                    while (rs.next()) {
                        explained.append(rs.getString(1)).append('\n');
                    }
                }
            }
            connection.rollback();
        }
        return explained.toString();
    }

    @Test
    void refusesBadRequestsWithProblemDetails() {
        Response missingKey = post("featureService=scorecard", "event_time,requested_amount\n2024-01-01T00:00:00Z,1\n", DemoIdentity.DANA);
        assertThat(missingKey.status()).isEqualTo(400);
        assertThat(missingKey.body()).contains("'customer_id' (join key of profile@1)");
        assertThat(missingKey.contentType()).isEqualTo("application/problem+json");

        Response badTime = post("featureService=plain", "customer_id,event_time\nc1,2024-01-01T00:00:00Z\nc2,yesterday\n", DemoIdentity.DANA);
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.body()).contains("row 2 (line 3), column event_time: 'yesterday' is not a timestamp");
        Response localTime = post("featureService=plain", "customer_id,event_time\nc1,2024-01-01T10:00:00\n", DemoIdentity.DANA);
        assertThat(localTime.status()).isEqualTo(400);
        assertThat(localTime.body()).contains("'2024-01-01T10:00:00' is not a timestamp with an offset");

        Response missingRequest = post("featureService=scorecard", "customer_id,event_time\nc1,2024-01-01T00:00:00Z\n", DemoIdentity.DANA);
        assertThat(missingRequest.status()).isEqualTo(400);
        assertThat(missingRequest.body()).contains("'requested_amount' (request feature of scorecard)");

        Response emptyKey = post("featureService=plain", "customer_id,event_time\n,2024-01-01T00:00:00Z\n", DemoIdentity.DANA);
        assertThat(emptyKey.status()).isEqualTo(400);
        assertThat(emptyKey.body()).contains("column customer_id: is empty");

        Response ragged = post("featureService=plain", "customer_id,event_time\nc1,2024-01-01T00:00:00Z,extra\n", DemoIdentity.DANA);
        assertThat(ragged.status()).isEqualTo(400);
        assertThat(ragged.body()).contains("has 3 fields but the header has 2");

        Response clash = post("featureService=plain", "customer_id,event_time,profile__age\nc1,2024-01-01T00:00:00Z,3\n", DemoIdentity.DANA);
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.body()).contains("column 'profile__age'");

        Response unknown = post("featureService=nope", ENTITY_ROWS, DemoIdentity.DANA);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no feature service named 'nope'");
        assertThat(post("featureService=scorecard&version=9", ENTITY_ROWS, DemoIdentity.DANA).status()).isEqualTo(404);

        assertThat(post("featureService=plain", "", DemoIdentity.DANA).status()).isEqualTo(400);
        assertThat(post("featureService=plain", ENTITY_ROWS, DemoIdentity.AUDREY).status()).isEqualTo(403);
        assertThat(get("/api/v1/training-sets/" + UUID.randomUUID()).status()).isEqualTo(404);
        String id = json.readTree(post("featureService=plain", ENTITY_ROWS, DemoIdentity.DANA).body()).get("id").asString();
        assertThat(get("/api/v1/training-sets/" + id + "/data?format=xlsx").status()).isEqualTo(400);
    }

    private void profile(String customer, String eventTime, String created, long age, String housing) {
        jdbc.update("insert into offline_profile_v1 (customer_id, event_time, created, batch_id, age, housing) values (?, ?, ?, ?, ?, ?)",
                customer, Timestamp.from(Instant.parse(eventTime)), Timestamp.from(Instant.parse(created)), UUID.randomUUID(), age, housing);
    }

    private void loan(String customer, String eventTime, String created, double amount, long duration) {
        jdbc.update("insert into offline_loan_v1 (customer_id, event_time, created, batch_id, credit_amount, duration) values (?, ?, ?, ?, ?, ?)",
                customer, Timestamp.from(Instant.parse(eventTime)), Timestamp.from(Instant.parse(created)), UUID.randomUUID(), amount, duration);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    record Response(int status, byte[] bytes, String location, String contentType, String digest) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Response post(String query, String csv, DemoIdentity identity) {
        return as(identity).post().uri("/api/v1/training-sets?" + query).contentType(MediaType.parseMediaType("text/csv"))
                .body(csv.getBytes(StandardCharsets.UTF_8)).exchange((req, res) -> response(res));
    }

    private Response get(String uri) {
        return as(DemoIdentity.AUDREY).get().uri(uri).exchange((req, res) -> response(res));
    }

    private static Response response(org.springframework.http.client.ClientHttpResponse res) throws java.io.IOException {
        MediaType type = res.getHeaders().getContentType();
        return new Response(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders().getFirst("Location"),
                type == null ? null : type.getType() + "/" + type.getSubtype(), res.getHeaders().getFirst("Repr-Digest"));
    }

    private RestClient as(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + RealInfrastructureExtension.issuer().issuer().issue(identity))
                .build();
    }
}
