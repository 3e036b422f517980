package org.steward.featurestore.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.offline.OfflineTables;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Stream sources against a real Kafka broker and PostgreSQL: valid messages land once, invalid ones are quarantined. */
@RealInfrastructure
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=feature-store", "steward.service.schema=feature_store_stream_it",
                "steward.ingest.stream-refresh=500ms"})
class StreamIngestIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    StreamIngest streams;
    @Autowired
    IngestService ingest;
    @Autowired
    DefinitionService definitions;

    @Test
    void consumesTheTopicOfAStreamViewLandingValidMessagesOnceAndQuarantiningInvalidOnes() throws Exception {
        apply("stream_profile", "stream-it.profile");
        await(() -> streams.consuming().containsKey("stream_profile"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            assertThat(admin.listTopics().names().get()).as("created when the source started").contains("stream-it.profile");
        }

        try (KafkaProducer<String, String> producer = producer()) {
            for (String message : List.of(
                    "{\"customer_id\": \"s1\", \"event_time\": \"2024-03-01T00:00:00Z\", \"age\": 30, \"housing\": \"own\"}",
                    "{\"customer_id\": \"s2\", \"event_time\": \"2024-03-02\", \"age\": 300}",
                    "{\"customer_id\": \"s3\", \"event_time\": \"2024-03-03\", \"age\": 40}",
                    "not json at all",
                    "{\"customer_id\": \"s5\", \"event_time\": \"2024-03-05\", \"age\": 50, \"income\": 1.5}")) {
                producer.send(new ProducerRecord<>("stream-it.profile", "same-partition", message)).get();
            }
        }
        await(() -> count("select count(*) from offline_stream_profile_v1") == 3
                && count("select coalesce(sum(rows), 0) from ingest_batch where view = 'stream_profile' and status = 'QUARANTINED'") == 2);
        assertThat(jdbc.queryForMap("select age, income, housing from offline_stream_profile_v1 where customer_id = 's5'"))
                .containsEntry("age", 50L).containsEntry("income", 1.5).containsEntry("housing", null);
        assertThat(jdbc.queryForList("select source from ingest_batch where view = 'stream_profile'", String.class))
                .containsOnly("kafka:stream-it.profile");

        JsonNode quarantined = get("/api/v1/batches?status=QUARANTINED&view=stream_profile");
        List<String> messages = quarantined.valueStream().flatMap(b -> b.get("report").valueStream())
                .map(v -> v.get("rule").asString() + " " + v.get("message").asString()).toList();
        assertThat(messages).hasSize(2)
                .anySatisfy(m -> assertThat(m).matches("range partition \\d offset 1: above the maximum 100"))
                .anySatisfy(m -> assertThat(m).matches("format partition \\d offset 3: not valid JSON: .*"));
        String firstQuarantined = quarantined.get(quarantined.size() - 1).get("id").asString();
        assertThat(content(firstQuarantined)).contains("\"customer_id\": \"s2\"");

        // A redelivery: the consumer restarts with its Kafka offsets reset to the start of the topic.
        streams.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await(() -> {
                try {
                    admin.deleteConsumerGroupOffsets(StreamIngest.group("stream_profile"),
                            admin.describeTopics(List.of("stream-it.profile")).allTopicNames().get()
                                    .get("stream-it.profile").partitions().stream()
                                    .map(p -> new TopicPartition("stream-it.profile", p.partition())).collect(Collectors.toSet()))
                            .all().get();
                    return true;
                } catch (Exception groupStillActive) {
                    return false;
                }
            });
        }
        streams.start();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("stream-it.profile", "same-partition",
                    "{\"customer_id\": \"s6\", \"event_time\": \"2024-03-06\", \"age\": 60}")).get();
        }
        await(() -> count("select count(*) from offline_stream_profile_v1 where customer_id = 's6'") == 1);
        Thread.sleep(1000);
        assertThat(count("select count(*) from offline_stream_profile_v1")).isEqualTo(4);
        assertThat(count("select coalesce(sum(rows), 0) from ingest_batch where view = 'stream_profile' and status = 'QUARANTINED'"))
                .isEqualTo(2);
        assertThat(count("select count(*) from steward_outbox where event_key = 'feature-view/stream_profile@1' "
                + "and payload::jsonb ->> 'type' = 'feature.batch.ingested'")).isPositive();

        Response replayed = replay(firstQuarantined,
                "{\"customer_id\": \"s2\", \"event_time\": \"2024-03-02\", \"age\": 30}\n");
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(201);
        assertThat(count("select count(*) from offline_stream_profile_v1 where customer_id = 's2'")).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredTwiceIsAppliedOnce() {
        apply("stream_redelivery", "stream-it.redelivery");
        var view = definitions.catalog().latestFeatureView("stream_redelivery").orElseThrow();
        var source = new IngestService.StreamSource(view, IngestSchema.of(view, OfflineTables.joinKeys(view, definitions.catalog())),
                "stream-it.redelivery-direct", "test-redelivery");
        List<StreamMessages.Message> poll = List.of(
                new StreamMessages.Message(0, 0, "{\"customer_id\": \"r1\", \"event_time\": \"2024-03-01\", \"age\": 30}"),
                new StreamMessages.Message(0, 1, "{\"customer_id\": \"r2\", \"event_time\": \"2024-03-01\", \"age\": 3}"),
                new StreamMessages.Message(1, 0, "{\"customer_id\": \"r3\", \"event_time\": \"2024-03-01\", \"age\": 40}"));
        ingest.ingestMessages(source, poll);
        ingest.ingestMessages(source, poll);
        ingest.ingestMessages(source, List.of(poll.get(2),
                new StreamMessages.Message(1, 1, "{\"customer_id\": \"r4\", \"event_time\": \"2024-03-01\", \"age\": 50}")));

        assertThat(jdbc.queryForList("select customer_id from offline_stream_redelivery_v1 order by customer_id", String.class))
                .containsExactly("r1", "r3", "r4");
        assertThat(count("select count(*) from ingest_batch where source = 'kafka:stream-it.redelivery-direct' and status = 'QUARANTINED'"))
                .isEqualTo(1);
        assertThat(jdbc.queryForList("select partition || ':' || next_offset from ingest_stream_position "
                + "where consumer_group = 'test-redelivery' order by partition", String.class)).containsExactly("0:2", "1:2");
    }

    record Response(int status, String body) {
    }

    void apply(String view, String topic) {
        String yaml = """
                entities: [{name: customer, joinKeys: [{name: customer_id, type: string}]}]
                featureViews:
                  - name: %s
                    entities: [customer]
                    ttl: 30d
                    owner: dana
                    source: {type: stream, topic: %s}
                    features:
                      - {name: age, type: int64, min: 18, max: 100, nullable: false}
                      - {name: income, type: float64}
                      - {name: housing, type: string, allowedValues: [own, rent, free]}
                """.formatted(view, topic);
        int status = as(DemoIdentity.DANA).post().uri("/api/v1/definitions").contentType(MediaType.parseMediaType("application/yaml"))
                .body(yaml).exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isIn(200, 201);
    }

    JsonNode get(String uri) {
        return as(DemoIdentity.AUDREY).get().uri(uri).retrieve().body(JsonNode.class);
    }

    String content(String batchId) {
        return as(DemoIdentity.AUDREY).get().uri("/api/v1/batches/{id}/content", batchId).retrieve().body(String.class);
    }

    Response replay(String batchId, String jsonLines) {
        return as(DemoIdentity.DANA).post().uri("/api/v1/batches/{id}/replay", batchId)
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(jsonLines.getBytes(StandardCharsets.UTF_8))
                .exchange((req, res) -> new Response(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    static String bootstrap() {
        return RealInfrastructureExtension.kafka().bootstrapServers();
    }

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for the condition").isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    RestClient as(DemoIdentity identity) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + RealInfrastructureExtension.issuer().issuer().issue(identity))
                .build();
    }
}
