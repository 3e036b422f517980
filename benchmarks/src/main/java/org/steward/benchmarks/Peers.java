package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The peers' own Python environment ({@code benchmarks/.venv-peers}, from {@code benchmarks/peers/requirements.lock},
 * made by {@code make peers-env}): never a dependency of the product, only something the benchmarks run beside it.
 * Scripts and servers run as child processes whose output goes to this log line by line; a child that outlives its
 * time limit is killed with its own children.
 *
 * @param venv    the virtual environment
 * @param scripts the directory of the peer scripts ({@code feast_offline.py}, …)
 */
record Peers(Path venv, Path scripts) {

    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    static final Path DEFAULT_VENV = Path.of("benchmarks", ".venv-peers");
    static final Path DEFAULT_SCRIPTS = Path.of("benchmarks", "peers");
    private static final int MAX_LOGGED_LINE = 400;

    /** Why the peers cannot run, or empty when they can. */
    Optional<String> unavailable() {
        if (!Files.isExecutable(python())) {
            return Optional.of("the peers' Python environment " + venv + " is missing: run `make peers-env`");
        }
        if (!Files.isRegularFile(scripts.resolve("feast_repo.py"))) {
            return Optional.of("the peer scripts are not in " + scripts.toAbsolutePath() + ": run from the repository's root");
        }
        return Optional.empty();
    }

    Path python() {
        return venv.resolve("bin").resolve("python");
    }

    /** A console script of the environment, e.g. {@code feast}. */
    Path command(String name) {
        return venv.resolve("bin").resolve(name);
    }

    /** How one script run ended: its JSON result, or why there is none. */
    sealed interface Outcome {

        record Done(JsonNode result, double seconds) implements Outcome {
        }

        record TimedOut(Duration limit) implements Outcome {
        }

        record Failed(int exitCode, String lastLines) implements Outcome {
        }
    }

    /**
     * Runs {@code script} with {@code arguments} and waits for it, up to {@code limit}; the script writes its
     * result as JSON to the file passed as {@code --result}.
     */
    Outcome run(String label, String script, List<String> arguments, Path result, Duration limit, BooleanSupplier stopping)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python().toString(), "-u", scripts.resolve(script).toString()));
        command.addAll(arguments);
        command.addAll(List.of("--result", result.toString()));
        long started = System.nanoTime();
        try (Child child = start(label, command)) {
            long deadline = started + limit.toNanos();
            while (child.process.isAlive()) {
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException(label + ": interrupted");
                }
                if (System.nanoTime() > deadline) {
                    log.warn("{}: still running after {} min; stopping it", label, limit.toMinutes());
                    return new Outcome.TimedOut(limit);
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            child.drain();
            int exit = child.process.exitValue();
            if (exit != 0 || !Files.isRegularFile(result)) {
                return new Outcome.Failed(exit, String.join("\n", child.lastLines()));
            }
            return new Outcome.Done(JsonMapper.builder().build().readTree(result.toFile()), seconds);
        }
    }

    /** Starts a long-running child (a server); closing it stops it with its children. */
    Child start(String label, List<String> command) throws IOException {
        log.info("{}: {}", label, String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Child(label, process);
    }

    /** A running child process whose output is logged. */
    static final class Child implements AutoCloseable {

        private final Process process;
        private final Thread reader;
        private final List<String> tail = new ArrayList<>();

        private Child(String label, Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().name("peer-output").start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        String shown = line.length() > MAX_LOGGED_LINE ? line.substring(0, MAX_LOGGED_LINE) + "…" : line;
                        log.info("{} | {}", label, shown);
                        synchronized (tail) {
                            tail.add(shown);
                            if (tail.size() > 20) {
                                tail.removeFirst();
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process was stopped
                }
            });
        }

        boolean alive() {
            return process.isAlive();
        }

        private void drain() throws InterruptedException {
            reader.join(5_000);
        }

        private List<String> lastLines() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }
}
