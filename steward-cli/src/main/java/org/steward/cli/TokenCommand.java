package org.steward.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code steward token IDENTITY}: the one command that prints a token, for {@code export STEWARD_TOKEN=…}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a demo bearer token for IDENTITY, issued by the embedded token issuer.",
                "Typical use: export STEWARD_TOKEN=$(steward token dana)"},
        footerHeading = "%nDemo identities:%n",
        footer = {"  dana (data_scientist), eli (ml_engineer), vera (validator), alex (approver),",
                "  audrey (auditor), omar (operations), ada (admin)"})
final class TokenCommand implements Callable<Integer> {
    record IssuedToken(String identity, String token) {
    }

    @Parameters(paramLabel = "IDENTITY", description = "Who the token is for, e.g. dana.")
    String identity;

    @Mixin
    JsonOption json;

    private final Tokens tokens;
    private final Output output;

    TokenCommand(Tokens tokens, Output output) {
        this.tokens = tokens;
        this.output = output;
    }

    @Override
    public Integer call() {
        String token = tokens.issue(identity);
        if (json.enabled) {
            output.json(new IssuedToken(identity, token));
        } else {
            output.line(token);
        }
        return Exit.OK;
    }
}
