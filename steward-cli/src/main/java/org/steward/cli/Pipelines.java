package org.steward.cli;

import java.io.PrintWriter;
import java.util.function.Function;

import org.steward.training.FeatureStore;
import org.steward.training.ModelRegistry;
import org.steward.training.PipelineException;
import org.steward.training.Progress;

/**
 * What {@code steward train} and {@code steward reproduce} share: the training pipeline's clients wired to the
 * configured services with the caller's token, progress lines on stderr (stdout stays for the result, so that
 * {@code --json} output can be piped), and pipeline failures turned into one-line errors with the right exit code.
 */
final class Pipelines {

    /** The services a run talks to, authenticated as the caller. */
    record Services(FeatureStore featureStore, ModelRegistry registry) {
    }

    private final Http http;
    private final Tokens tokens;
    private final PrintWriter err;

    Pipelines(Http http, Tokens tokens, PrintWriter err) {
        this.http = http;
        this.tokens = tokens;
        this.err = err;
    }

    /** Runs {@code work} against the services, as {@code auth} says; a pipeline failure becomes a {@link CliException}. */
    <T> T run(AuthOptions auth, Function<Services, T> work) {
        String token = tokens.resolve(auth);
        Services services = new Services(FeatureStore.http(http.url(Endpoint.FEATURE_STORE), token),
                ModelRegistry.http(http.url(Endpoint.MODEL_REGISTRY), token));
        try {
            return work.apply(services);
        } catch (PipelineException e) {
            throw new CliException(switch (e.kind()) {
                case SPEC -> Exit.USAGE;
                case SERVICE -> Exit.SERVICE_ERROR;
                case DATA, TRAINING -> Exit.CHECK_FAILED;
            }, e.getMessage(), null);
        }
    }

    /** Each finished step as {@code   step  detail  (1.23 s)} on stderr. */
    Progress progress() {
        return (step, detail, took) -> {
            err.printf("  %-12s %s (%.2f s)%n", step, detail, took.toNanos() / 1e9);
            err.flush();
        };
    }
}
