package org.steward.commons.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.steward.commons.event.CloudEvent;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka in position order, at least once, with an idempotent producer.
 *
 * <p>Only one relay per schema publishes at a time: it holds a PostgreSQL session advisory lock for as long as
 * it is the leader, so several instances of a service never interleave their sends and events stay in commit
 * order per key. A row is marked published only after Kafka acknowledged it ({@code acks=all}); a crash in
 * between re-sends it, which idempotent consumers absorb. A failed send stops the batch at that row, so a later
 * event for the same key can never overtake an earlier one.
 */
public class OutboxRelay implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int LEADER_CHECK_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final String schema;
    private final int batchSize;
    private final Duration idlePoll;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private final Counter published;
    private final Timer lag;
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(DataSource dataSource, Producer<String, String> producer, String schema, int batchSize,
                       Duration idlePoll, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.schema = schema;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
        Gauge.builder("steward.outbox.pending", pending, AtomicLong::get)
                .description("Events committed but not yet acknowledged by Kafka").register(meters);
        this.published = Counter.builder("steward.outbox.published").description("Events published to Kafka").register(meters);
        this.lag = Timer.builder("steward.outbox.lag").description("Time from commit to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** Asks the relay to look at the outbox now rather than at its next poll; called after each commit. */
    public void wakeUp() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay-" + schema).daemon().start(this::run);
    }

    /** Stops publishing; what is still in the outbox goes out at the next start, here or on another instance. */
    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Connection leaderConnection = dataSource.getConnection()) {
                if (!tryLead(leaderConnection)) {
                    sleep(idlePoll.multipliedBy(5));
                    continue;
                }
                log.info("Outbox relay for schema {} is the leader", schema);
                try {
                    lead(leaderConnection);
                } finally {
                    resign(leaderConnection);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Outbox relay for schema {} failed, retrying: {}", schema, e.toString());
                    sleep(idlePoll.multipliedBy(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean tryLead(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, lockName());
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Publishes while running and while the session holding the lock lives: PostgreSQL releases the lock of a lost
     * session, so another relay may already lead and this one must stop before its next batch.
     */
    private void lead(Connection leaderConnection) throws SQLException, InterruptedException {
        while (running && leaderConnection.isValid(LEADER_CHECK_TIMEOUT_SECONDS)) {
            if (publishBatch() < batchSize) {
                wakeUp.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            }
        }
        if (running) {
            log.warn("Outbox relay for schema {} lost the session holding its lock and stops leading", schema);
        }
    }

    /**
     * Releases the lock before the connection goes back to the pool: a session lock outlives the borrower, and a
     * pooled connection holding it would keep every relay, this one included, from leading again.
     */
    private void resign(Connection leaderConnection) {
        try (PreparedStatement unlock = leaderConnection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
            unlock.setString(1, lockName());
            unlock.execute();
        } catch (SQLException e) {
            log.warn("Outbox relay for schema {} could not release its lock ({}); its session is probably gone, and "
                    + "the lock with it", schema, e.toString());
        }
    }

    private String lockName() {
        return "steward-outbox-relay:" + schema;
    }

    /** Publishes up to one batch; returns how many rows were published. */
    int publishBatch() throws SQLException, InterruptedException {
        List<Row> rows = new ArrayList<>(batchSize);
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("""
                     select position, topic, event_key, payload, created_at,
                            (select count(*) from steward_outbox where published_at is null) as backlog
                     from steward_outbox where published_at is null order by position limit ?""")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)));
                    pending.set(rs.getLong(6));
                }
            }
        }
        if (rows.isEmpty()) {
            pending.set(0);
            return 0;
        }
        List<Future<?>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            record.headers().add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
            sends.add(producer.send(record));
        }
        producer.flush();
        List<Long> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                sends.get(i).get();
                acknowledged.add(rows.get(i).position());
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("Kafka refused outbox event at position {} ({}); it and the events after it will be retried",
                        rows.get(i).position(), e.getCause().toString());
                break;
            }
        }
        markPublished(acknowledged);
        long now = System.currentTimeMillis();
        for (int i = 0; i < acknowledged.size(); i++) {
            lag.record(Duration.ofMillis(Math.max(0, now - rows.get(i).createdAt().getTime())));
        }
        published.increment(acknowledged.size());
        pending.addAndGet(-acknowledged.size());
        return acknowledged.size();
    }

    private void markPublished(List<Long> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "update steward_outbox set published_at = clock_timestamp() where position = any(?)")) {
            Array array = c.createArrayOf("bigint", positions.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long position, String topic, String key, String payload, Timestamp createdAt) {
    }
}
