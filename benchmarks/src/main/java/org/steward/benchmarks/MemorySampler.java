package org.steward.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples memory while a measured step runs: this JVM's used heap, and PostgreSQL's memory as the sum of the
 * proportional set sizes (PSS, from {@code /proc/<pid>/smaps_rollup}) of the postmaster and its backends —
 * PSS splits shared pages (shared buffers) between the processes mapping them, so the sum counts them once.
 * Where {@code /proc} is not readable the PostgreSQL figures are negative.
 *
 * <p>PostgreSQL is sampled far less often than the heap: reading a backend's PSS walks the page tables of all
 * it maps, shared buffers included, under the process's memory lock. Every 250 ms over a 2-core build that cost
 * 4 CPU-seconds, taken from the very build being measured, and held the backends' page faults while it walked:
 * the build took 16.0 s, against 13.1 s with PostgreSQL sampled every 2 s.
 */
final class MemorySampler implements AutoCloseable {

    /**
     * Baselines (just before the step) and peaks (during it), in bytes.
     *
     * @param postgresBaseline negative when PostgreSQL's memory could not be read
     */
    record Peaks(long heapBaseline, long heapPeak, long postgresBaseline, long postgresPeak) {
    }

    private static final Duration EVERY = Duration.ofMillis(250);
    private static final int POSTGRES_EVERY_NTH = 8;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Path postgresDirectory;
    private final long heapBaseline;
    private final long postgresBaseline;
    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong postgresPeak = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    /** @param postgresDirectory PostgreSQL's data directory, where {@code postmaster.pid} names the server */
    private MemorySampler(Path postgresDirectory) {
        this.postgresDirectory = postgresDirectory;
        this.heapBaseline = memory.getHeapMemoryUsage().getUsed();
        this.postgresBaseline = postgresBytes();
        heapPeak.set(heapBaseline);
        postgresPeak.set(postgresBaseline);
        this.thread = Thread.ofPlatform().daemon().name("bench-memory").start(this::sample);
    }

    static MemorySampler start(Path postgresDirectory) {
        return new MemorySampler(postgresDirectory);
    }

    /** Stops sampling and returns what it saw. */
    Peaks stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        postgresPeak.accumulateAndGet(postgresBytes(), Math::max);
        return new Peaks(heapBaseline, heapPeak.get(), postgresBaseline, postgresPeak.get());
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    private void sample() {
        for (long n = 1; running; n++) {
            heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            if (n % POSTGRES_EVERY_NTH == 0) {
                postgresPeak.accumulateAndGet(postgresBytes(), Math::max);
            }
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The summed PSS of the postmaster and its children, or -1. */
    long postgresBytes() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postgresDirectory.resolve("postmaster.pid")).getFirst().trim());
            long total = pss(postmaster);
            for (long child : children(postmaster)) {
                total += Math.max(0, pss(child));
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static List<Long> children(long parent) throws IOException {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
                    // pid (comm) state ppid ...: the command may hold spaces and parentheses, so read after the last ')'.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        children.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended between the listing and the read
                }
            }
        }
        return children;
    }

    private static long pss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]) * 1024;
            }
        }
        return -1;
    }
}
