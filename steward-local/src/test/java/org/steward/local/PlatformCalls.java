package org.steward.local;

import org.springframework.web.client.RestClient;
import org.steward.cli.StewardCli;
import org.steward.testsupport.identity.DemoIdentity;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How the end-to-end tests act on a running platform as its users do: over REST with a demo identity's token, and
 * through the {@code steward} command line, run in-process against the platform's endpoints.
 */
final class PlatformCalls {

    /** What a command printed and how it exited. */
    record CliResult(int exit, String out, String err) {
    }

    private PlatformCalls() {
    }

    static CliResult cli(LocalPlatform platform, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new StewardCli(platform.cliEnvironment(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliResult(exit, out.toString(), err.toString());
    }

    static RestClient as(LocalPlatform platform, DemoIdentity identity, StewardService service) {
        return RestClient.builder().baseUrl(platform.url(service))
                .defaultHeader("Authorization", "Bearer " + platform.issuer().issuer().issue(identity)).build();
    }
}
