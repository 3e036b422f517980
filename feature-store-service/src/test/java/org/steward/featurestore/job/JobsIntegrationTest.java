package org.steward.featurestore.job;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs keep their own rows in their own transactions, against a real PostgreSQL: progress is seen while the work
 * runs, a job submitted inside an open transaction runs at once, and a failure is recorded though the work's
 * transaction rolls back. Jobs whose instance is gone are failed by the next beat (a short lease here), and those
 * of a live instance are left alone.
 */
@RealInfrastructure
@SpringBootTest(classes = FeatureStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=feature-store", "steward.service.schema=feature_store_jobs_it",
                "steward.instance-lease=3s"})
class JobsIntegrationTest {

    @Autowired
    Jobs jobs;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void progressReportedInsideTheWorksTransactionIsSeenWhileItRuns() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UUID id = jobs.submit("test", "eli", progress -> transactions.execute(status -> {
            jdbc.execute("select 1");
            progress.update(40, 100L, "halfway there");
            reported.countDown();
            await(release);
            return JsonNodeFactory.instance.objectNode().put("rows", 100);
        }));

        assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
        Job running = jobs.require(id);
        assertThat(running.state()).isEqualTo(Job.State.RUNNING);
        assertThat(running.done()).isEqualTo(40);
        assertThat(running.message()).isEqualTo("halfway there");

        release.countDown();
        assertThat(finished(id).state()).isEqualTo(Job.State.SUCCEEDED);
    }

    @Test
    void aJobSubmittedInsideAnOpenTransactionRunsWithoutWaitingForItsCommit() {
        Job job = transactions.execute(status -> finished(jobs.submit("test", "eli",
                progress -> JsonNodeFactory.instance.objectNode().put("ok", true))));

        assertThat(job.state()).isEqualTo(Job.State.SUCCEEDED);
    }

    @Test
    void aFailureIsRecordedThoughTheWorksTransactionRollsBack() {
        UUID id = jobs.submit("test", "eli", progress -> transactions.execute(status -> {
            progress.update(1, null, "started");
            throw new IllegalStateException("boom");
        }));

        Job failed = finished(id);
        assertThat(failed.state()).isEqualTo(Job.State.FAILED);
        assertThat(failed.error()).contains("failed unexpectedly").contains(id.toString());
        assertThat(failed.message()).isEqualTo("started");
    }

    @Test
    void jobsOfAGoneInstanceAreFailedAtTheNextBeatAndThoseOfALiveOneAreLeftAlone() {
        // another instance, with a lease long enough to stay alive for this test however slow the machine
        jdbc.update("insert into steward_service_instance (id, started_at, beat_at, expires_at) values "
                + "('feature-store-2:7:0000beef', clock_timestamp(), clock_timestamp(), clock_timestamp() + interval '1 hour')");
        UUID live = running("feature-store-2:7:0000beef");
        UUID gone = running("feature-store-1:6:0000dead");
        UUID beforeRunnersWereRecorded = running(null);

        Job failed = finished(gone);

        assertThat(failed.state()).isEqualTo(Job.State.FAILED);
        assertThat(failed.error()).isEqualTo("interrupted: the instance running it stopped; submit it again");
        assertThat(finished(beforeRunnersWereRecorded).state()).isEqualTo(Job.State.FAILED);
        assertThat(jobs.require(live).state()).isEqualTo(Job.State.RUNNING);
        jdbc.update("update job set state = 'SUCCEEDED', finished_at = clock_timestamp() where id = ?", live);
    }

    @Test
    void aJobFailedAsAbandonedWhileItRunsStaysFailedWhenItsWorkEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UUID id = jobs.submit("test", "eli", progress -> {
            started.countDown();
            await(release);
            return JsonNodeFactory.instance.objectNode().put("rows", 1);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        jdbc.update("update job set runner = 'feature-store-1:6:0000dead' where id = ?", id); // as if it missed its beats
        assertThat(finished(id).state()).isEqualTo(Job.State.FAILED);
        release.countDown();

        Thread.sleep(1_000); // the work's end, had it been written, lands within milliseconds
        Job job = jobs.require(id);
        assertThat(job.state()).isEqualTo(Job.State.FAILED);
        assertThat(job.result()).isNull();
        assertThat(job.error()).startsWith("interrupted");
    }

    /** A job row as a running instance would have left it. */
    private UUID running(String runner) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into job (id, kind, state, created_by, started_at, runner) "
                + "values (?, 'test', 'RUNNING', 'eli', clock_timestamp(), ?)", id, runner);
        return id;
    }

    private Job finished(UUID id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Job job = jobs.require(id);
            if (job.state() == Job.State.SUCCEEDED || job.state() == Job.State.FAILED) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s still %s", id, job.state()).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
