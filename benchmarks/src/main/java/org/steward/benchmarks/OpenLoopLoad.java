package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * An open-loop load: requests go out on a fixed schedule — request {@code i} is due at {@code start + i / rate} —
 * whether or not earlier ones have been answered, each on its own virtual thread. A request's latency runs from
 * the time it was due, not from when it was actually sent, so a stall (a pause of the server, of this JVM or of
 * the scheduler) counts against every request it delays: no coordinated omission. Requests are sent by a
 * {@link LoadClient} over persistent connections.
 */
final class OpenLoopLoad {

    private static final Logger log = LoggerFactory.getLogger(OpenLoopLoad.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);

    /**
     * What one run measured.
     *
     * @param latencies    the answered requests' latencies in nanoseconds, sorted
     * @param inOrder      every request's latency in the order they were due, -1 where it failed
     * @param failed       requests that failed or were answered with another status than 200
     * @param seconds      from the first request's due time to the last answer
     * @param firstFailure what went wrong first, or null
     * @param cpuSeconds   CPU-seconds all processes spent during the run beyond what they spend idle (see
     *                     {@link Machine#cpuSecondsOfAllProcesses()}): what the requests cost
     */
    record Result(int requests, long[] latencies, long[] inOrder, int failed, double seconds, String firstFailure, double cpuSeconds) {

        /** Microseconds of the machine's CPU per answered request: what serving one costs, all processes together. */
        double cpuMicrosPerRequest() {
            return latencies.length == 0 ? Double.NaN : cpuSeconds * 1e6 / latencies.length;
        }

        double achievedRate() {
            return latencies.length / seconds;
        }

        /** The latency at quantile {@code q} in milliseconds (nearest rank). */
        double millis(double q) {
            return quantileMillis(latencies, q);
        }

        /**
         * The latency at quantile {@code q} in milliseconds within each consecutive window of {@code window}: whether
         * the tail is spread over the run or gathered in part of it.
         */
        double[] windowMillis(double q, Duration window, double rate) {
            int size = Math.max(1, (int) Math.round(rate * window.toMillis() / 1000.0));
            int windows = Math.ceilDiv(inOrder.length, size);
            double[] millis = new double[windows];
            for (int w = 0; w < windows; w++) {
                millis[w] = quantileMillis(Arrays.stream(inOrder, w * size, Math.min(inOrder.length, (w + 1) * size))
                        .filter(l -> l >= 0).sorted().toArray(), q);
            }
            return millis;
        }

        private static double quantileMillis(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] / 1e6;
        }

        double maxMillis() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }
    }

    private OpenLoopLoad() {
    }

    /**
     * Sends {@code rate × duration} requests at {@code rate} per second and waits for their answers.
     *
     * @param request the {@code i}-th request
     */
    static Result run(String label, LoadClient client, IntFunction<byte[]> request, double rate, Duration duration,
                      BooleanSupplier stopping) throws InterruptedException {
        int count = (int) Math.round(rate * duration.toMillis() / 1000.0);
        long[] latencies = new long[count];
        Arrays.fill(latencies, -1);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        double period = 1e9 / rate;
        double idleRate = idleCpuRate();
        long start = System.nanoTime() + 5_000_000;
        double busyBefore = Machine.cpuSecondsOfAllProcesses();
        long lastLog = start;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException(label + ": interrupted");
                }
                long due = start + (long) (i * period);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                senders.execute(() -> {
                    try {
                        int status = client.send(request.apply(index));
                        long now = System.nanoTime();
                        if (status == 200) {
                            latencies[index] = now - due;
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, "HTTP " + status);
                        }
                        lastAnswer.accumulateAndGet(now, Math::max);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    } finally {
                        answered.incrementAndGet();
                    }
                });
                long now = System.nanoTime();
                if (now - lastLog >= PROGRESS_EVERY.toNanos()) {
                    lastLog = now;
                    log.info("{}: {} of {} requests sent, {} answered, {} failed", label, i + 1, count, answered.get(), failed.get());
                }
            }
            senders.shutdown();
            if (!senders.awaitTermination(DRAIN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("{}: {} requests still unanswered {} s after the last was sent", label, count - answered.get(),
                        DRAIN_LIMIT.toSeconds());
                senders.shutdownNow();
            }
        }
        double seconds = (lastAnswer.get() - start) / 1e9;
        double cpuSeconds = Machine.cpuSecondsOfAllProcesses() - busyBefore - idleRate * seconds;
        long[] answeredLatencies = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        int unanswered = count - answeredLatencies.length - failed.get();
        return new Result(count, answeredLatencies, latencies, failed.get() + unanswered, seconds, firstFailure.get(), cpuSeconds);
    }

    /**
     * CPU-seconds per second that every process spends with no request in flight (brokers, pools, schedulers,
     * a peer's idle workers), measured over {@link #IDLE_SAMPLE}: subtracted from a run's CPU, so that the figure
     * per request does not grow as the rate falls.
     */
    private static double idleCpuRate() throws InterruptedException {
        double before = Machine.cpuSecondsOfAllProcesses();
        Thread.sleep(IDLE_SAMPLE);
        return (Machine.cpuSecondsOfAllProcesses() - before) / (IDLE_SAMPLE.toMillis() / 1000.0);
    }
}
