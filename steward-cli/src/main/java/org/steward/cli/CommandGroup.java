package org.steward.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Streams a GET of {@code path} into {@code out} and reports the file and its size. */
    int download(Endpoint endpoint, String path, Path out, AuthOptions auth, JsonOption json) {
        long bytes = http.download(endpoint, path, tokens.resolve(auth), out);
        if (json.enabled) {
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("file", out.toAbsolutePath().toString());
            written.put("bytes", bytes);
            output.json(written);
        } else {
            output.line("wrote %d bytes to %s", bytes, out);
        }
        return Exit.OK;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
