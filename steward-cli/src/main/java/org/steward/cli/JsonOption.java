package org.steward.cli;

import picocli.CommandLine.Option;

/** The {@code --json} switch every command has, so that scripts never parse human-readable text. */
final class JsonOption {
    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean enabled;
}
