package org.steward.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a script of {@code model-runtime/src/test/python} in the project's pinned {@code .venv}, for the tests that
 * compare Steward's numbers with the Python libraries'. A missing environment fails the test rather than skipping
 * it, since a skipped parity test proves nothing.
 */
public final class ProjectPython {

    private ProjectPython() {
    }

    /** Runs {@code script} with {@code outputDirectory} as its only argument; fails the test on error or timeout. */
    public static void run(String script, Path outputDirectory, Duration timeout) throws IOException, InterruptedException {
        Path root = GermanCredit.repositoryRoot();
        Path python = root.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            fail(python + " is missing: run `make python-env` (it creates .venv from "
                    + "clients/python/requirements-dev.lock)");
        }
        Process process = new ProcessBuilder(python.toString(),
                root.resolve("model-runtime/src/test/python/" + script).toString(), outputDirectory.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(script + " failed:\n" + output);
        }
    }
}
