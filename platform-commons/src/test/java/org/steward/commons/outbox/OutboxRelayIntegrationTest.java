package org.steward.commons.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.testapp.CommonsIntegrationTest;
import org.steward.commons.testapp.TopicReader;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.RealPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The transactional outbox and its relay against the real PostgreSQL and Kafka: what commits is published once, in
 * commit order per key, with the CloudEvent as value; what rolls back never is; only one relay publishes at a time.
 */
@CommonsIntegrationTest
@TestPropertySource(properties = "steward.service.schema=commons_outbox")
class OutboxRelayIntegrationTest {

    private static final String SCHEMA = "commons_outbox";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    JsonMapper json;
    @Autowired
    MeterRegistry meters;

    private String topic;
    private TopicReader reader;
    private final List<OutboxRelay> ownRelays = new ArrayList<>();

    @BeforeEach
    void freshTopicAndEmptyOutbox() {
        awaitOutboxDrained();
        topic = TopicReader.createTopic("commons-test.outbox", 3);
        reader = TopicReader.fromBeginning(topic);
    }

    @AfterEach
    void restoreTheServiceRelay() {
        ownRelays.forEach(r -> {
            r.stop();
            r.close();
        });
        if (!relay.isRunning()) {
            relay.start();
        }
        reader.close();
    }

    @Test
    void publishesCommittedEventsAsCloudEventsKeyedBySubject() {
        CloudEvent first = event("model/" + UUID.randomUUID(), 1);
        CloudEvent second = event("feature-view/" + UUID.randomUUID(), 1);

        transactions.executeWithoutResult(tx -> {
            outbox.append(topic, first);
            outbox.append(topic, second);
        });

        List<ConsumerRecord<String, String>> records = reader.await(r -> true, 2, TIMEOUT);
        assertThat(records).hasSize(2);
        for (CloudEvent sent : List.of(first, second)) {
            ConsumerRecord<String, String> record = reader.withKey(sent.subject()).getFirst();
            assertThat(CloudEvent.fromJson(json.readTree(record.value()))).isEqualTo(sent);
            assertThat(json.readTree(record.value()).get("specversion").asString()).isEqualTo("1.0");
            assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(CloudEvent.CONTENT_TYPE);
        }
        awaitOutboxDrained();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String subject = "model/" + UUID.randomUUID();
        CloudEvent rolledBack = event(subject, 1);
        CloudEvent committed = event(subject, 2);

        transactions.executeWithoutResult(tx -> {
            outbox.append(topic, rolledBack);
            tx.setRollbackOnly();
        });
        transactions.executeWithoutResult(tx -> outbox.append(topic, committed));

        // Same key, appended later: had the first event been committed it would have arrived before this one.
        reader.await(r -> r.value().contains(committed.id()), 1, TIMEOUT);
        assertThat(reader.withKey(subject)).extracting(r -> eventId(r)).containsExactly(committed.id());
        assertThat(jdbc.sql("select count(*) from steward_outbox where event_id = ?::uuid")
                .param(rolledBack.id()).query(Long.class).single()).isZero();
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        CloudEvent event = event("model/" + UUID.randomUUID(), 1);

        assertThatIllegalStateException().isThrownBy(() -> outbox.append(topic, event))
                .withMessageContaining("inside the transaction");
        assertThat(jdbc.sql("select count(*) from steward_outbox where event_id = ?::uuid")
                .param(event.id()).query(Long.class).single()).isZero();
    }

    /**
     * Eight writers race over four keys; each locks its key's counter row, as a service locks the thing it changes,
     * so the counter value is the commit order per key. Every fifth transaction rolls back, counter included.
     */
    @Test
    void keepsCommitOrderPerKeyUnderConcurrentWriters() throws Exception {
        jdbc.sql("create table if not exists probe_counter (key text primary key, value int not null)").update();
        List<String> keys = IntStream.range(0, 4).mapToObj(i -> "model/" + UUID.randomUUID()).toList();
        keys.forEach(key -> jdbc.sql("insert into probe_counter values (?, 0)").param(key).update());
        int writers = 8;
        int transactionsPerWriter = 25;

        List<Callable<Integer>> work = IntStream.range(0, writers).<Callable<Integer>>mapToObj(writer -> () -> {
            int committed = 0;
            for (int n = 1; n <= transactionsPerWriter; n++) {
                String key = keys.get((writer + n) % keys.size());
                boolean rollBack = n % 5 == 0;
                int writerSequence = n;
                transactions.executeWithoutResult(tx -> {
                    int sequence = jdbc.sql("update probe_counter set value = value + 1 where key = ? returning value")
                            .param(key).query(Integer.class).single();
                    var data = JsonNodeFactory.instance.objectNode()
                            .put("sequence", sequence).put("writer", writer).put("writerSequence", writerSequence);
                    outbox.append(topic, CloudEvent.of("/commons-test", "probe.changed", key, Instant.now(), data));
                    if (rollBack) {
                        tx.setRollbackOnly();
                    }
                });
                committed += rollBack ? 0 : 1;
            }
            return committed;
        }).toList();
        int expected = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<Integer> done : pool.invokeAll(work)) {
                expected += done.get();
            }
        }

        reader.await(r -> true, expected, TIMEOUT);
        for (String key : keys) {
            List<JsonNode> events = reader.withKey(key).stream().map(r -> json.readTree(r.value()).get("data")).toList();
            int committedForKey = jdbc.sql("select value from probe_counter where key = ?").param(key).query(Integer.class).single();
            assertThat(events).extracting(d -> d.get("sequence").asInt()).as("commit order of %s", key)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, committedForKey).boxed().toList());
            Map<Integer, List<Integer>> byWriter = new LinkedHashMap<>();
            events.forEach(d -> byWriter.computeIfAbsent(d.get("writer").asInt(), w -> new ArrayList<>())
                    .add(d.get("writerSequence").asInt()));
            byWriter.forEach((writer, sequence) -> assertThat(sequence).as("writer %d on %s", writer, key).isSorted()
                    .allSatisfy(n -> assertThat(n % 5).as("rolled back").isNotZero()));
        }
    }

    @Test
    void aSecondRelayStandsByWhileTheFirstLeadsAndTakesOverWhenItStops() {
        SimpleMeterRegistry standbyMeters = new SimpleMeterRegistry();
        OutboxRelay standby = ownRelay(standbyMeters, 100);
        standby.start();
        String subject = "model/" + UUID.randomUUID();

        List<String> ids = new ArrayList<>(appendOneByOne(subject, 1, 10));
        reader.await(r -> subject.equals(r.key()), 10, TIMEOUT);
        assertThat(standbyMeters.counter("steward.outbox.published").count()).as("published by the stand-by").isZero();

        relay.stop();
        ids.addAll(appendOneByOne(subject, 11, 20));
        reader.await(r -> subject.equals(r.key()), 20, TIMEOUT);

        assertThat(reader.withKey(subject)).extracting(this::eventId).as("each once, in order").containsExactlyElementsOf(ids);
        assertThat(standbyMeters.counter("steward.outbox.published").count()).isEqualTo(10);
    }

    /**
     * PostgreSQL drops the lock with the session that held it; a relay whose session was killed must stop publishing
     * at once, since another may lead by now. Here the test itself takes the lock over, so nobody may publish: its
     * request waits in the lock queue before the leader's session is killed, so it is granted first.
     */
    @Test
    void aRelayThatLostTheSessionHoldingItsLockStopsPublishing() throws Exception {
        String subject = "model/" + UUID.randomUUID();
        List<String> ids = new ArrayList<>(appendOneByOne(subject, 1, 3));
        reader.await(r -> subject.equals(r.key()), 3, TIMEOUT);
        String lockKey = "hashtext('steward-outbox-relay:" + SCHEMA + "')::bigint";

        try (Connection usurper = connect(); Connection admin = connect()) {
            int usurperPid = queryInt(usurper, "select pg_backend_pid()");
            CompletableFuture<Integer> locked = CompletableFuture.supplyAsync(() -> queryInt(usurper,
                    "select 1 from (select pg_advisory_lock(" + lockKey + ")) as l"));
            await().atMost(TIMEOUT).until(() -> queryInt(admin, "select count(*) from pg_locks where not granted and pid = "
                    + usurperPid) == 1);
            queryInt(admin, "select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and granted "
                    + "and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = " + lockKey);
            assertThat(locked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);

            ids.addAll(appendOneByOne(subject, 4, 6));

            assertThat(reader.await(r -> subject.equals(r.key()), 3, TIMEOUT)).as("nothing published without the lock")
                    .hasSize(3);
            assertThat(unpublished()).isEqualTo(3);
        }

        reader.await(r -> subject.equals(r.key()), 6, TIMEOUT);
        assertThat(reader.withKey(subject)).extracting(this::eventId).containsExactlyElementsOf(ids);
    }

    @Test
    void publishesAfterARestartWhatWasAppendedWhileStopped() {
        relay.stop();
        String subject = "model/" + UUID.randomUUID();
        List<String> ids = appendOneByOne(subject, 1, 3);
        assertThat(unpublished()).isEqualTo(3);

        relay.start();

        reader.await(r -> subject.equals(r.key()), 3, TIMEOUT);
        assertThat(reader.withKey(subject)).extracting(this::eventId).containsExactlyElementsOf(ids);
        awaitOutboxDrained();
    }

    @Test
    void countsPublishedEventsAndReportsTheBacklog() throws Exception {
        double publishedBefore = meters.counter("steward.outbox.published").count();
        String subject = "model/" + UUID.randomUUID();
        appendOneByOne(subject, 1, 4);
        reader.await(r -> subject.equals(r.key()), 4, TIMEOUT);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(meters.counter("steward.outbox.published").count()).isEqualTo(publishedBefore + 4);
            assertThat(meters.get("steward.outbox.pending").gauge().value()).isZero();
        });

        // A relay that is not running publishes only when asked, one batch at a time, so the backlog is exact.
        relay.stop();
        appendOneByOne(subject, 5, 9);
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        OutboxRelay stepwise = ownRelay(ownMeters, 2);
        List<Double> backlog = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(stepwise.publishBatch());
            backlog.add(ownMeters.get("steward.outbox.pending").gauge().value());
        }

        assertThat(batches).containsExactly(2, 2, 1, 0);
        assertThat(backlog).containsExactly(3.0, 1.0, 0.0, 0.0);
        assertThat(ownMeters.counter("steward.outbox.published").count()).isEqualTo(5);
        assertThat(ownMeters.get("steward.outbox.lag").timer().count()).isEqualTo(5);
        reader.await(r -> subject.equals(r.key()), 9, TIMEOUT);
        assertThat(reader.withKey(subject)).hasSize(9);
    }

    private List<String> appendOneByOne(String subject, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            CloudEvent event = event(subject, n);
            transactions.executeWithoutResult(tx -> outbox.append(topic, event));
            ids.add(event.id());
        }
        return ids;
    }

    private OutboxRelay ownRelay(MeterRegistry registry, int batchSize) {
        var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructureExtension.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
        OutboxRelay own = new OutboxRelay(dataSource, producer, SCHEMA, batchSize, Duration.ofMillis(100), registry);
        ownRelays.add(own);
        return own;
    }

    /** A session of its own, outside the service's pool, so that closing it really ends it. */
    private static Connection connect() throws SQLException {
        RealPostgres postgres = RealInfrastructureExtension.postgres();
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
        try (Statement sql = connection.createStatement()) {
            sql.execute("set statement_timeout = '20s'");
        }
        return connection;
    }

    private static int queryInt(Connection connection, String query) {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long unpublished() {
        return jdbc.sql("select count(*) from steward_outbox where published_at is null").query(Long.class).single();
    }

    private void awaitOutboxDrained() {
        await().atMost(TIMEOUT).until(() -> unpublished() == 0);
    }

    private String eventId(ConsumerRecord<String, String> record) {
        return json.readTree(record.value()).get("id").asString();
    }

    private static CloudEvent event(String subject, int n) {
        return CloudEvent.of("/commons-test", "probe.changed", subject, Instant.now(),
                JsonNodeFactory.instance.objectNode().put("n", n));
    }
}
