package org.steward.featurestore.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.instance.AbandonedWork;
import org.steward.commons.instance.ServiceInstance;
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
 * each job's state in the database so progress survives the request that started it. Each job records the
 * {@link ServiceInstance} that runs it; a job whose instance is gone (stopped, crashed, or silent past its lease) is
 * failed by whichever instance beats next, with a message saying to resubmit it, and one instance starting leaves
 * the jobs of the others alone.
 *
 * <p>A job's own rows are written in transactions of their own, never in the one the work or its caller holds: its
 * progress is visible while the work runs, the job exists before a worker looks for it, and a failure is recorded
 * even when the work's transaction rolls back.
 */
@Component
public class Jobs implements AbandonedWork, DisposableBean {

    /** The work of a job; it returns its result as JSON. */
    @FunctionalInterface
    public interface Work {
        JsonNode run(Progress progress) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final long PROGRESS_INTERVAL_MS = 500;

    private final JdbcClient jdbc;
    private final ServiceInstance instance;
    private final TransactionTemplate own;
    private final JsonMapper json;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("job-", 0).factory());

    Jobs(JdbcClient jdbc, ServiceInstance instance, PlatformTransactionManager transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.instance = instance;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
    }

    /** One statement, so that instances sweeping at once fail each job once: the second sees it failed already. */
    @Override
    public void failAbandoned(ServiceInstance sweeper) {
        int interrupted = jdbc.sql("update job set state = 'FAILED', finished_at = clock_timestamp(), "
                + "error = 'interrupted: the instance running it stopped; submit it again' "
                + "where state in ('QUEUED', 'RUNNING') and " + sweeper.gone("runner")).update();
        if (interrupted > 0) {
            log.warn("{} job(s) were interrupted by a stopped instance and are marked failed", interrupted);
        }
    }

    /** Queues {@code work}; the returned id can be polled with {@link #get(UUID)}. */
    public UUID submit(String kind, String actor, Work work) {
        UUID id = UUID.randomUUID();
        write("insert into job (id, kind, state, created_by, runner) values (?, ?, 'QUEUED', ?, ?)", id, kind, actor,
                instance.id());
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
        if (write("update job set state = 'RUNNING', started_at = clock_timestamp() where id = ? and state = 'QUEUED'", id) == 0) {
            log.warn("Job {} ({}) was failed before it started, as abandoned; not running it", id, kind);
            return;
        }
        AtomicLong lastUpdate = new AtomicLong();
        Progress progress = (done, total, message) -> {
            long now = System.currentTimeMillis();
            if (now - lastUpdate.get() >= PROGRESS_INTERVAL_MS) {
                lastUpdate.set(now);
                own.executeWithoutResult(status -> {
                    // Progress may be lost to a crash (the job is failed as abandoned anyway): its commit does not
                    // wait for the WAL of the work's own writes to reach the disk.
                    jdbc.sql("set local synchronous_commit = off").update();
                    jdbc.sql("update job set done = ?, total = ?, message = ? where id = ? and state = 'RUNNING'").params(done, total, message, id)
                            .update();
                });
                log.info("Job {} ({}): {}{} {}", id, kind, done, total == null ? "" : "/" + total, message == null ? "" : message);
            }
        };
        try {
            JsonNode result = work.run(progress);
            finish(id, kind, "state = 'SUCCEEDED', result = ?, message = 'done'",
                    result == null ? null : json.writeValueAsString(result));
        } catch (StewardException e) {
            fail(id, kind, e.getMessage());
        } catch (Exception | Error e) {
            log.error("Job {} ({}) failed", id, kind, e);
            fail(id, kind, "failed unexpectedly (" + e.getClass().getSimpleName() + "); see the service log for job " + id);
        }
    }

    private void fail(UUID id, String kind, String error) {
        finish(id, kind, "state = 'FAILED', error = ?", error);
    }

    /**
     * Ends a running job. One that was failed meanwhile as abandoned — its instance missed beats for a lease — stays
     * failed: whoever polled it has been told to resubmit.
     */
    private void finish(UUID id, String kind, String end, String value) {
        if (write("update job set " + end + ", finished_at = clock_timestamp() where id = ? and state = 'RUNNING'", value, id) == 0) {
            log.warn("Job {} ({}) ended after it had been failed as abandoned; it stays failed", id, kind);
        }
    }

    /** One statement on a job's row, committed at once in its own transaction; returns the rows it changed. */
    private int write(String sql, Object... params) {
        Integer changed = own.execute(status -> jdbc.sql(sql).params(params).update());
        return changed == null ? 0 : changed;
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
