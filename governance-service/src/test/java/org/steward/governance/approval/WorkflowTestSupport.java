package org.steward.governance.approval;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.governance.GovernanceApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow against a real PostgreSQL and a real Kafka broker: the registry is played by events published on
 * {@code steward.registry} (and, for its REST API, by a small HTTP server), the evidence engineer's tables are
 * written directly by their contract, and people are distinct token subjects with the roles each test needs. All
 * workflow test classes share one application context; each test uses its own model names.
 */
@RealInfrastructure
@SpringBootTest(classes = GovernanceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=governance", "steward.service.schema=governance_workflow_it",
                "steward.audit.signing-key-path=target/workflow-it-signing-key.pem",
                "steward.governance.review.periods.3=P18M"})
public abstract class WorkflowTestSupport {

    /** What every gate of every tier accepts. */
    public static final String PASSING_INPUTS = """
            {"giniOutOfTime": 0.45, "psiDevVsOot": 0.03, "calibrationPassed": true, "calibrationPValue": 0.41,
             "disparateImpact": {"age_band": 0.85, "personal_status_and_sex": 0.91}, "explanations": true, "report": true}""";
    /** Passing, except the disparate impact for age, which is below 0.8. */
    public static final String UNFAIR_TO_AGE = PASSING_INPUTS.replace("\"age_band\": 0.85", "\"age_band\": 0.62");

    private static final Map<String, String> REGISTRY_DOCUMENTS = new ConcurrentHashMap<>();
    private static final List<ConsumerRecord<String, String>> GOVERNANCE_EVENTS = new CopyOnWriteArrayList<>();
    private static HttpServer registry;
    private static KafkaProducer<String, String> producer;
    private static Thread governanceReader;
    private static volatile boolean reading;

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected JsonMapper json;

    /** A fake of the registry's REST API, serving whatever documents a test put there. */
    @DynamicPropertySource
    static void registryApi(DynamicPropertyRegistry properties) {
        properties.add("steward.clients.services.registry.base-url", WorkflowTestSupport::registryUrl);
    }

    private static synchronized String registryUrl() {
        if (registry == null) {
            try {
                registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registry.createContext("/", exchange -> {
                try (exchange) {
                    String body = REGISTRY_DOCUMENTS.get(exchange.getRequestURI().getPath());
                    byte[] bytes = (body == null ? "{\"status\":404,\"title\":\"Not found\"}" : body).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", body == null ? "application/problem+json" : "application/json");
                    exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            registry.start();
        }
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    @BeforeAll
    static void clients() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    RealInfrastructureExtension.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
    }

    /** Starts reading steward.governance from the beginning, once the application has created the topic. */
    protected void readGovernanceEvents() {
        synchronized (WorkflowTestSupport.class) {
            if (governanceReader != null) {
                return;
            }
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructureExtension.kafka().bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.GOVERNANCE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            reading = true;
            governanceReader = Thread.ofPlatform().daemon().name("governance-events-reader").start(() -> {
                try (consumer) {
                    while (reading) {
                        consumer.poll(Duration.ofMillis(200)).forEach(GOVERNANCE_EVENTS::add);
                    }
                }
            });
        }
    }

    // ---- scenarios ----

    /** A registered version and its author. */
    protected record Version(String model, int version, String artifact, Person author) {

        public String subject() {
            return WorkflowTestSupport.subject(model, version);
        }
    }

    /** A tier-1 credit model declaring age and sex, version 1 registered by a new data scientist, with evidence. */
    protected Version registeredVersion(String gateInputs) {
        String model = registerModel(1, List.of("age_band", "personal_status_and_sex"));
        Person author = person(someone("dana"), "data_scientist");
        String artifact = registerVersion(model, 1, author.subject());
        insertEvidence(model, 1, artifact, gateInputs);
        return new Version(model, 1, artifact, author);
    }

    /** {@link #registeredVersion} submitted by its author. */
    protected Version submittedVersion(String gateInputs) {
        Version v = registeredVersion(gateInputs);
        v.author().act("submit", v.model(), v.version(), Map.of("artifactSha256", v.artifact())).ok();
        return v;
    }

    // ---- the registry, played by its events ----

    /** Registers a model through a {@code model.registered} event and waits until the catalog has it. */
    protected String registerModel(int riskTier, List<String> protectedAttributes) {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        publishRegistry("model.registered", "model/" + name, modelDocument(name, riskTier, protectedAttributes));
        await(() -> count("select count(*) from catalog_model where name = ?", name) == 1, "the catalog to know " + name);
        return name;
    }

    protected ObjectNode modelDocument(String name, int riskTier, List<String> protectedAttributes) {
        ObjectNode model = json.createObjectNode();
        model.put("name", name);
        model.put("useCase", "credit");
        model.put("riskTier", riskTier);
        model.put("owner", "olga");
        model.put("description", "a credit scorecard");
        model.putArray("protectedAttributes").addAll(protectedAttributes.stream().map(json.getNodeFactory()::stringNode).toList());
        model.putNull("decisionPolicy");
        model.putObject("reasonCodes").put("duration", "Duration of the loan");
        model.putArray("kpis");
        model.put("createdAt", Instant.now().toString());
        model.put("createdBy", "olga");
        model.putNull("updatedAt");
        return model;
    }

    /** Registers a version by {@code author} through a {@code model.version.registered} event; returns its artifact hash. */
    protected String registerVersion(String model, int version, String author) {
        String artifact = randomSha256();
        publishRegistry("model.version.registered", "model/" + model + "/versions/" + version,
                versionDocument(model, version, author, artifact));
        await(() -> count("select count(*) from catalog_version where model = ? and version = " + version, model) == 1,
                "the catalog to know " + model + " v" + version);
        return artifact;
    }

    protected ObjectNode versionDocument(String model, int version, String author, String artifact) {
        ObjectNode v = json.createObjectNode();
        v.put("model", model);
        v.put("version", version);
        v.put("status", "dev");
        v.putArray("aliases");
        v.put("format", "xgboost_json");
        v.put("artifactSha256", artifact);
        v.put("artifactSize", 1234);
        v.putObject("metrics").put("auc", 0.78);
        v.putObject("params");
        v.putObject("lineage").putObject("trainingSet").put("id", "ts-1").put("sha256", randomSha256());
        v.put("createdAt", Instant.now().toString());
        v.put("createdBy", author);
        v.put("statusChangedAt", Instant.now().toString());
        return v;
    }

    protected void publishRegistry(String type, String subject, JsonNode data) {
        publish(CloudEvent.of("/model-registry", type, subject, Instant.now(), data));
    }

    protected void publish(CloudEvent event) {
        send(new ProducerRecord<>(Topics.REGISTRY, event.subject(), json.writeValueAsString(event.toJson())));
    }

    protected static void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
    }

    /** Puts a document where the fake registry API serves it, e.g. {@code /api/v1/models/m-1}. */
    protected static void serveFromRegistry(String path, JsonNode document) {
        REGISTRY_DOCUMENTS.put(path, document.toString());
    }

    // ---- the evidence engineer's tables, by their contract ----

    protected UUID insertEvidence(String model, int version, String artifact, String gateInputs) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                        insert into evidence (id, model, version, artifact_sha256, report_sha256, gate_inputs, body, created_at, created_by)
                        values (?, ?, ?, ?, null, ?, '{}', ?, 'test')""",
                id, model, version, artifact, gateInputs, Timestamp.from(Instant.now()));
        return id;
    }

    /** Stores a PDF validation report rendered from the artifact's latest evidence; returns its hash, the latest now. */
    protected String renderReport(String model, int version, String artifact) {
        String sha = randomSha256();
        UUID evidence = jdbc.queryForObject("""
                select id from evidence where model = ? and version = ? and artifact_sha256 = ?
                order by created_at desc limit 1""", UUID.class, model, version, artifact);
        jdbc.update("""
                        insert into report (sha256, model, version, artifact_sha256, format, content, created_at, created_by,
                            evidence_id, inputs_sha256)
                        values (?, ?, ?, ?, 'pdf', ?, ?, 'test', ?, ?)""",
                sha, model, version, artifact, ("%PDF " + sha).getBytes(StandardCharsets.UTF_8), Timestamp.from(Instant.now()),
                evidence, randomSha256());
        return sha;
    }

    // ---- people and requests ----

    /** A person with these roles; the subject is what separation of duties is decided on. */
    protected Person person(String subject, String... roles) {
        String token = RealInfrastructureExtension.issuer().issuer().issue(subject, subject, List.of(roles));
        return new Person(subject, RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build());
    }

    /** A unique subject, so tests never meet each other's people in the queues. */
    protected static String someone(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** An HTTP answer: status, content type and the body as JSON. */
    public record Answer(int status, String contentType, JsonNode body) {

        public Answer ok() {
            assertThat(status).as("status of %s", body).isEqualTo(200);
            return this;
        }

        public Answer problem(int expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expected);
            assertThat(contentType).isEqualTo("application/problem+json");
            return this;
        }

        public String detail() {
            return body.path("detail").asString();
        }
    }

    public record Person(String subject, RestClient client) {

        public Answer get(String path) {
            return client.get().uri(path).exchange((request, response) -> answer(response.getStatusCode().value(),
                    response.getHeaders().getContentType(), response.getBody().readAllBytes()));
        }

        public Answer post(String path, Object body) {
            return client.post().uri(path).contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                    .exchange((request, response) -> answer(response.getStatusCode().value(),
                            response.getHeaders().getContentType(), response.getBody().readAllBytes()));
        }

        public Answer put(String path, Object body) {
            return client.put().uri(path).contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                    .exchange((request, response) -> answer(response.getStatusCode().value(),
                            response.getHeaders().getContentType(), response.getBody().readAllBytes()));
        }

        public Answer patch(String path, Object body) {
            return client.patch().uri(path).contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                    .exchange((request, response) -> answer(response.getStatusCode().value(),
                            response.getHeaders().getContentType(), response.getBody().readAllBytes()));
        }

        private static Answer answer(int status, org.springframework.http.MediaType type, byte[] body) {
            JsonNode parsed = body.length == 0 ? MissingNode.getInstance() : JsonMapper.shared().readTree(body);
            return new Answer(status, type == null ? null : type.toString(), parsed);
        }

        /** Performs an act on a version: {@code submit}, {@code validate}, {@code approve}, … */
        public Answer act(String act, String model, int version, Map<String, ?> body) {
            return post("/api/v1/approvals/" + model + "/" + version + "/" + act, body);
        }
    }

    // ---- what the trail and the topic show ----

    /** Waits until the audit chain holds {@code count} events with this action about the subject, and returns them. */
    protected List<JsonNode> awaitAudit(String subject, String action, int count) {
        await(() -> count("select count(*) from audit_chain where subject = ? and action = '" + action + "'", subject) >= count,
                count + " '" + action + "' audit events about " + subject + " in the chain");
        return jdbc.queryForList("select event from audit_chain where subject = ? and action = ? order by sequence",
                String.class, subject, action).stream().map(e -> json.readTree(e).path("data")).toList();
    }

    /** Waits until steward.governance carried {@code count} events about the subject, and returns them in order. */
    protected List<CloudEvent> awaitGovernanceEvents(String subject, int count) {
        readGovernanceEvents();
        await(() -> governanceEvents(subject).size() >= count, count + " governance events about " + subject);
        return governanceEvents(subject);
    }

    protected List<CloudEvent> governanceEvents(String subject) {
        List<CloudEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : GOVERNANCE_EVENTS) {
            if (subject.equals(record.key())) {
                events.add(CloudEvent.fromJson(json.readTree(record.value())));
            }
        }
        return events;
    }

    protected long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    protected static String randomSha256() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    protected static String subject(String model, int version) {
        return "model/" + model + "/versions/" + version;
    }

    protected static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
