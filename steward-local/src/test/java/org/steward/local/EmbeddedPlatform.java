package org.steward.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import org.steward.cli.StewardCli;
import org.steward.testsupport.identity.DemoIdentity;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded platform of one end-to-end test class, started from nothing in a data directory of its own before
 * the class's first test ({@code @BeforeAll} methods already see it) and stopped, its directory removed, after the
 * last. The tests act on it as its users do: over REST with a demo identity's token, and through the
 * {@code steward} command line, run in-process against the platform's endpoints.
 *
 * <pre>{@code @RegisterExtension static final EmbeddedPlatform platform = new EmbeddedPlatform();}</pre>
 */
final class EmbeddedPlatform implements BeforeAllCallback, AfterAllCallback {

    /** What a command printed and how it exited. */
    record CliResult(int exit, String out, String err) {
    }

    private Path dataDirectory;
    private LocalPlatform platform;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDirectory = Files.createTempDirectory("steward-" + context.getRequiredTestClass().getSimpleName() + "-");
        platform = LocalPlatform.start(new LocalPlatform.Options(dataDirectory, false));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDirectory);
        }
    }

    LocalPlatform get() {
        return platform;
    }

    /** The platform's data directory, which tests may also write their own files into. */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the platform and starts it again on the same data directory, as an operator's restart does. */
    void restart() throws Exception {
        platform.close();
        platform = null;
        platform = LocalPlatform.start(new LocalPlatform.Options(dataDirectory, false));
    }

    CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new StewardCli(platform.cliEnvironment(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliResult(exit, out.toString(), err.toString());
    }

    RestClient as(DemoIdentity identity, StewardService service) {
        return RestClient.builder().baseUrl(platform.url(service))
                .defaultHeader("Authorization", "Bearer " + platform.issuer().issuer().issue(identity)).build();
    }
}
