package org.steward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the command line in-process against {@link FakeServices}, where every service and the token
 * issuer are mounted under their own prefix ({@code /governance}, {@code /issuer}, …), and checks
 * after each test that nothing resembling a stack trace reached stderr.
 */
abstract class CliTestSupport {
    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";

    FakeServices services;
    final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;
    private final StringBuilder allErr = new StringBuilder();

    @BeforeEach
    void startServices() throws IOException {
        services = new FakeServices();
        for (Endpoint endpoint : Endpoint.values()) {
            env.put(endpoint.envVar, services.url(prefix(endpoint)));
        }
    }

    @AfterEach
    void noStackTraces() {
        services.close();
        assertThat(allErr.toString().lines())
                .noneMatch(line -> line.contains("Exception") || line.contains("\tat "));
    }

    static String prefix(Endpoint endpoint) {
        return endpoint == Endpoint.ISSUER ? "/issuer" : "/" + endpoint.displayName;
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        int exit = new StewardCli(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        allErr.append(err);
        return exit;
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    /** Asserts that stderr is exactly one line, starting "steward: ", and returns it. */
    String oneErrorLine() {
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr()).startsWith("steward: ");
        return stderr().strip();
    }
}
