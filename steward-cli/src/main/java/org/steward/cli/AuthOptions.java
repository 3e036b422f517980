package org.steward.cli;

import picocli.CommandLine.Option;

/** How a command that calls a protected API gets its bearer token; see {@link Tokens#resolve}. */
final class AuthOptions {
    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token to send (default: the STEWARD_TOKEN environment variable).")
    String token;

    @Option(names = "--as", paramLabel = "IDENTITY",
            description = "Fetch a demo token for IDENTITY from the embedded issuer (see 'steward token --help').")
    String identity;
}
