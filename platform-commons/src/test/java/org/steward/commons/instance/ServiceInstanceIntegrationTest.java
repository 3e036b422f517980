package org.steward.commons.instance;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.steward.commons.testapp.CommonsIntegrationTest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Instances beat, sign off and tell abandoned work from live work, against the real PostgreSQL. */
@CommonsIntegrationTest
class ServiceInstanceIntegrationTest {

    @Autowired
    ServiceInstance instance;
    @Autowired
    JdbcClient jdbcClient;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theServicesInstanceHasBeatenSinceItStarted() {
        assertThat(jdbc.queryForObject("select count(*) from steward_service_instance where id = ? "
                + "and beat_at > clock_timestamp() - interval '1 minute'", Long.class, instance.id())).isEqualTo(1);
        assertThat(instance.id()).as("host:pid:random").matches("[^:]+:" + ProcessHandle.current().pid() + ":[0-9a-f]{8}");
    }

    @Test
    void workIsAbandonedWhenItsInstanceIsUnnamedUnknownOrSilentPastTheLease() {
        jdbc.execute("create table abandonment_probe (name text, runner text)");
        jdbc.update("insert into steward_service_instance (id, started_at, beat_at, expires_at) values "
                + "('silent:1:00000001', clock_timestamp() - interval '2 hours', clock_timestamp() - interval '1 hour', "
                + "clock_timestamp() - interval '1 hour' + interval '30 seconds'), "
                + "('other:2:00000002', clock_timestamp(), clock_timestamp(), clock_timestamp() + interval '1 minute')");
        jdbc.update("insert into abandonment_probe values ('mine', ?), ('unnamed', null), ('unknown', 'nobody:3:00000003'), "
                + "('silent', 'silent:1:00000001'), ('another live one', 'other:2:00000002')", instance.id());

        List<String> abandoned = jdbc.queryForList("select name from abandonment_probe where " + instance.gone("runner")
                + " order by name", String.class);

        assertThat(abandoned).containsExactly("silent", "unknown", "unnamed");
        jdbc.execute("drop table abandonment_probe");
        jdbc.update("delete from steward_service_instance where id in ('silent:1:00000001', 'other:2:00000002')");
    }

    @Test
    void aStoppedInstancesWorkIsAbandonedOnceItsLeaseRunsOut() throws InterruptedException {
        ServiceInstance stopped = new ServiceInstance(jdbcClient, Duration.ofMillis(600));
        assertThat(gone(stopped)).as("while it beats").isFalse();

        stopped.close();
        Thread.sleep(1_000);

        assertThat(gone(stopped)).as("a lease after its last beat").isTrue();
    }

    @Test
    void everySweepRunsAfterEachBeatEvenWhenOneFails() throws InterruptedException {
        AtomicInteger swept = new AtomicInteger();
        AbandonedWork failing = sweeper -> {
            throw new IllegalStateException("database away");
        };
        try (ServiceInstance quick = new ServiceInstance(jdbcClient, Duration.ofMillis(300))) {
            quick.sweepAfterEachBeat(List.of(failing, sweeper -> {
                assertThat(sweeper).isSameAs(quick);
                swept.incrementAndGet();
            }));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (swept.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(swept.get()).as("at once, then after each beat").isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from steward_service_instance where id = ? and not "
                + instance.gone("id"), Long.class, instance.id()))
                .as("an instance beating less often, by its longer lease, is still alive to one with a short lease")
                .isEqualTo(1);
    }

    @Test
    void aLeaseTooShortToBeatWithinIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceInstance(jdbcClient, Duration.ofMillis(100)))
                .withMessage("steward.instance-lease must be at least 300 ms (instances beat every third of it), was PT0.1S");
    }

    private boolean gone(ServiceInstance instance) {
        return jdbc.queryForObject("select " + this.instance.gone("runner") + " from (select ?::text as runner) work",
                Boolean.class, instance.id());
    }
}
