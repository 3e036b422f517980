package org.steward.featurestore.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs long work in the background, two at a time (the machine's PostgreSQL does the heavy lifting), and keeps
 * each job's state in the database so progress survives the request that started it. A job that was running when
 * the service stopped is marked failed at the next start, with a message saying to resubmit it.
 *
 * <p>A job's own rows are written in transactions of their own, never in the one the work or its caller holds: its
 * progress is visible while the work runs, the job exists before a worker looks for it, and a failure is recorded
 * even when the work's transaction rolls back.
 */
@Component
public class Jobs implements DisposableBean {

    /** The work of a job; it returns its result as JSON. */
    @FunctionalInterface
    public interface Work {
        JsonNode run(Progress progress) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final long PROGRESS_INTERVAL_MS = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate own;
    private final JsonMapper json;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("job-", 0).factory());

    Jobs(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        int interrupted = jdbc.sql("update job set state = 'FAILED', finished_at = clock_timestamp(), "
                + "error = 'interrupted: the service stopped while the job ran; submit it again' "
                + "where state in ('QUEUED', 'RUNNING')").update();
        if (interrupted > 0) {
            log.warn("{} job(s) were interrupted by the last stop and are marked failed", interrupted);
        }
    }

    /** Queues {@code work}; the returned id can be polled with {@link #get(UUID)}. */
    public UUID submit(String kind, String actor, Work work) {
        UUID id = UUID.randomUUID();
        write("insert into job (id, kind, state, created_by) values (?, ?, 'QUEUED', ?)", id, kind, actor);
        executor.submit(() -> run(id, kind, work));
        return id;
    }

    public Optional<Job> get(UUID id) {
        return jdbc.sql("select * from job where id = ?").param(id).query((rs, n) -> new Job(
                rs.getObject("id", UUID.class), rs.getString("kind"), Job.State.valueOf(rs.getString("state")),
                rs.getLong("done"), (Long) rs.getObject("total"), rs.getString("message"),
                rs.getString("result") == null ? null : json.readTree(rs.getString("result")), rs.getString("error"),
                instant(rs.getTimestamp("created_at")), rs.getString("created_by"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")))).optional();
    }

    public Job require(UUID id) {
        return get(id).orElseThrow(() -> StewardException.notFound("Job", "no job " + id));
    }

    private void run(UUID id, String kind, Work work) {
        write("update job set state = 'RUNNING', started_at = clock_timestamp() where id = ?", id);
        AtomicLong lastUpdate = new AtomicLong();
        Progress progress = (done, total, message) -> {
            long now = System.currentTimeMillis();
            if (now - lastUpdate.get() >= PROGRESS_INTERVAL_MS) {
                lastUpdate.set(now);
                own.executeWithoutResult(status -> {
                    // Progress may be lost to a crash (the job is failed at the next start anyway): its commit does not
                    // wait for the WAL of the work's own writes to reach the disk.
                    jdbc.sql("set local synchronous_commit = off").update();
                    jdbc.sql("update job set done = ?, total = ?, message = ? where id = ?").params(done, total, message, id)
                            .update();
                });
                log.info("Job {} ({}): {}{} {}", id, kind, done, total == null ? "" : "/" + total, message == null ? "" : message);
            }
        };
        try {
            JsonNode result = work.run(progress);
            write("update job set state = 'SUCCEEDED', finished_at = clock_timestamp(), result = ?, message = 'done' where id = ?",
                    result == null ? null : json.writeValueAsString(result), id);
        } catch (StewardException e) {
            fail(id, e.getMessage());
        } catch (Exception | Error e) {
            log.error("Job {} ({}) failed", id, kind, e);
            fail(id, "failed unexpectedly (" + e.getClass().getSimpleName() + "); see the service log for job " + id);
        }
    }

    private void fail(UUID id, String error) {
        write("update job set state = 'FAILED', finished_at = clock_timestamp(), error = ? where id = ?", error, id);
    }

    /** One statement on a job's row, committed at once in its own transaction. */
    private void write(String sql, Object... params) {
        own.executeWithoutResult(status -> jdbc.sql(sql).params(params).update());
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
