package org.steward.commons.instance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * This process among its service's instances. It beats in the service's {@code steward_service_instance} table every
 * third of its lease; background work records the instance that runs it, and work whose instance has not beaten
 * within the lease — it stopped, crashed or lost the database — is abandoned, and every instance fails such work
 * after each beat (see {@link AbandonedWork}) so that it can be asked for again. An instance that starts therefore
 * leaves alone what a live one is running, which failing every unfinished piece at start-up would not.
 *
 * <p>Each beat moves the instance's expiry a lease ahead, by its own lease, so instances configured differently (during
 * a rolling change, say) still judge each other right. Times are the database's ({@code clock_timestamp()}), so
 * instances whose clocks disagree still agree on who is gone. A stopped instance's work is failed once its lease has
 * run out, by another instance or by itself when it starts again; rows expired for a day are deleted, and work
 * naming an unknown instance counts as abandoned too.
 */
public final class ServiceInstance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstance.class);
    private static final Duration SHORTEST_LEASE = Duration.ofMillis(300);
    private static final Duration EXPIRED_ROWS_KEPT = Duration.ofDays(1);

    private final String id;
    private final JdbcClient jdbc;
    private final Duration lease;
    private final ScheduledExecutorService beats;
    private volatile List<AbandonedWork> sweeps = List.of();
    private boolean failing;

    /** Registers this instance with a first beat, then keeps beating until {@link #close()}. */
    public ServiceInstance(JdbcClient jdbc, Duration lease) {
        if (lease.compareTo(SHORTEST_LEASE) < 0) {
            throw new IllegalArgumentException("steward.instance-lease must be at least " + SHORTEST_LEASE.toMillis()
                    + " ms (instances beat every third of it), was " + lease);
        }
        this.jdbc = jdbc;
        this.lease = lease;
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        this.id = host + ":" + ProcessHandle.current().pid() + ":"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        beat();
        this.beats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("service-instance-beat").daemon().factory());
        long period = lease.toMillis() / 3;
        beats.scheduleWithFixedDelay(this::beatAndSweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Who runs a piece of work started here: what the work's row records. */
    public String id() {
        return id;
    }

    /**
     * A SQL condition, over a row whose {@code column} names the instance that runs it, that holds when that
     * instance is gone: none named, unknown, or silent past its lease. {@code column} is SQL, never input.
     */
    public String gone(String column) {
        return "(" + column + " is null or not exists (select 1 from steward_service_instance i where i.id = " + column
                + " and i.expires_at >= clock_timestamp()))";
    }

    /** From now on, fails abandoned {@code work} after each beat, starting at once. */
    public void sweepAfterEachBeat(List<AbandonedWork> work) {
        sweeps = List.copyOf(work);
        beats.execute(this::sweep);
    }

    private void beatAndSweep() {
        beat();
        sweep();
    }

    private void beat() {
        try {
            jdbc.sql("insert into steward_service_instance (id, started_at, beat_at, expires_at) "
                    + "values (?, clock_timestamp(), clock_timestamp(), clock_timestamp() + " + interval(lease) + ") "
                    + "on conflict (id) do update set beat_at = excluded.beat_at, expires_at = excluded.expires_at")
                    .param(id).update();
            jdbc.sql("delete from steward_service_instance where expires_at < clock_timestamp() - "
                    + interval(EXPIRED_ROWS_KEPT)).update();
            if (failing) {
                log.info("Instance {} beats again", id);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Instance {} could not beat ({}); after {} ms without a beat its work counts as abandoned", id,
                        e.getMessage(), lease.toMillis());
                failing = true;
            }
        }
    }

    private void sweep() {
        for (AbandonedWork work : sweeps) {
            try {
                work.failAbandoned(this);
            } catch (RuntimeException e) {
                log.warn("Instance {}: failing abandoned {} did not complete ({}); the next beat tries again", id,
                        work.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /**
     * Stops beating, without waiting for the database: at shutdown it may be gone already, and a stopping process
     * must not hang on it. The instance's row expires with its lease, and its unfinished work is failed then.
     */
    @Override
    public void close() {
        beats.shutdownNow();
    }

    private static String interval(Duration duration) {
        return String.format(Locale.ROOT, "make_interval(secs => %.3f)", duration.toMillis() / 1000.0);
    }
}
