package org.steward.benchmarks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's own Python ({@code .venv}, from {@code clients/python/requirements-dev.lock}, made by
 * {@code make python-env}) running a script of {@code benchmarks/src/main/python}: the in-process benchmarks time
 * the same model in Python with it. The script prints one JSON object on its standard output; its standard error
 * goes to this process's.
 */
final class ProjectPython {

    private static final String SCRIPTS = "benchmarks/src/main/python";

    private ProjectPython() {
    }

    /** Whether the project's .venv is there. */
    static boolean available() {
        return Files.isExecutable(python());
    }

    /** Runs {@code script} with {@code arguments} and returns the JSON it printed; fails if it fails. */
    static JsonNode run(String script, List<String> arguments, long timeoutMinutes) throws IOException, InterruptedException {
        return run(python(), script, arguments, timeoutMinutes);
    }

    /** The same with another environment's Python, e.g. the peers' one. */
    static JsonNode run(Path python, String script, List<String> arguments, long timeoutMinutes)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), root().resolve(SCRIPTS).resolve(script).toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " failed: " + output);
        }
        return JsonMapper.builder().build().readTree(output);
    }

    private static Path python() {
        return root().resolve(".venv/bin/python");
    }

    /** The repository: the nearest ancestor of the working directory with the benchmarks' Python beside the modules. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(SCRIPTS))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the benchmark from the repository (no " + SCRIPTS + " above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
