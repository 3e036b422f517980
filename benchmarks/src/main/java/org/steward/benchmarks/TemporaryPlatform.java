package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.local.LocalPlatform;
import org.steward.local.StewardService;
import sun.misc.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The embedded platform of one benchmark run, on a fresh temporary directory, with whatever else the run started
 * beside it (a peer's server, say). All of it is stopped, and the directory deleted, exactly once: when the run
 * ends, fails, or is interrupted — Ctrl-C and SIGTERM stop the run's own work first, then the platform in order,
 * before the JVM's shutdown hooks would tear PostgreSQL and Kafka down under the running services.
 */
final class TemporaryPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporaryPlatform.class);

    private final Path dataDirectory;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile LocalPlatform platform;
    private boolean done;

    private TemporaryPlatform(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** A fresh temporary directory, with the signal handlers installed; {@link #start()} starts the platform. */
    static TemporaryPlatform create() throws IOException {
        TemporaryPlatform run = new TemporaryPlatform(Files.createTempDirectory("steward-bench-"));
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("steward-bench-stop").start(() -> {
                log.warn("Interrupted: stopping the platform and deleting its data");
                run.stopping.set(true);
                run.close();
                System.exit(128 + signal.getNumber());
            }));
        }
        return run;
    }

    LocalPlatform start() throws Exception {
        return start(EnumSet.allOf(StewardService.class));
    }

    /** Only the services a benchmark measures, as each would run in its own process in production. */
    LocalPlatform start(Set<StewardService> services) throws Exception {
        platform = LocalPlatform.start(new LocalPlatform.Options(dataDirectory, false, services));
        return platform;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** Where PostgreSQL keeps its data (and its {@code postmaster.pid}). */
    Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    /** Whether the run was interrupted: its loops should stop. */
    boolean stopping() {
        return stopping.get();
    }

    /** Something to close before the platform stops, in reverse order of registration. */
    synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        done = true;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("Could not stop {}: {}", e.getClass().getSimpleName(), e.toString());
            }
        }
        if (platform != null) {
            log.info("Stopping the platform");
            platform.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {}: {}", dataDirectory, e.toString());
        }
    }
}
