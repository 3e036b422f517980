package org.steward.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands calling one service ({@code steward audit …}, {@code steward features …}):
 * the clients they share, and a usage error when it is run without a subcommand.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final Http http;
    final Tokens tokens;
    final Output output;

    CommandGroup(Http http, Tokens tokens, Output output) {
        this.http = http;
        this.tokens = tokens;
        this.output = output;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
