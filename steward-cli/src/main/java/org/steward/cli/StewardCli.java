package org.steward.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code steward} command line, for ML engineers, CI pipelines and auditors.
 *
 * <p>Every command takes {@code --json} and then prints one JSON document on stdout. Errors are a
 * single line on stderr, {@code steward: <what was wrong> — <how to fix>}, never a stack trace, and
 * the exit code says what happened: 0 ok, 1 the check failed (a service down, the audit chain
 * broken, a model not reproduced), 2 usage error, 3 a service could not be reached or answered
 * with an HTTP error, 4 a bug.
 *
 * <p>Configuration comes from the environment:
 * <ul>
 * <li>{@code STEWARD_FEATURE_STORE_URL} (default http://localhost:8081),
 *     {@code STEWARD_MODEL_REGISTRY_URL} (8082), {@code STEWARD_DEPLOYMENT_URL} (8083),
 *     {@code STEWARD_MONITORING_URL} (8084), {@code STEWARD_GOVERNANCE_URL} (8085): the services;</li>
 * <li>{@code STEWARD_ISSUER_URL} (default http://localhost:8090): the embedded demo token issuer,
 *     used by {@code --as IDENTITY} and {@code steward token IDENTITY};</li>
 * <li>{@code STEWARD_TOKEN}: the bearer token sent when neither {@code --token} nor {@code --as} is given.</li>
 * </ul>
 * The environment is passed to the constructor rather than read here, so tests can supply their own.
 */
@Command(name = "steward", mixinStandardHelpOptions = true, versionProvider = StewardCli.Version.class,
        description = "Operate and audit the Steward MLOps platform from a shell or a CI pipeline.",
        footerHeading = "%nEnvironment (service URLs and token):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the check failed (a service down, the audit chain broken, a model not reproduced)",
                "2:usage error",
                "3:a service could not be reached or answered with an HTTP error", "4:internal error (a bug)"})
public final class StewardCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    public StewardCli(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(new StewardCli(System.getenv(), out, err).execute(args));
    }

    /** Runs one command line and returns its exit code. */
    public int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The fully wired command line: subcommands, output streams and the one-line error handlers. */
    public CommandLine commandLine() {
        JsonMapper mapper = JsonMapper.builder().build();
        Http http = new Http(env, mapper);
        Output output = new Output(out, mapper);
        Tokens tokens = new Tokens(http, env);
        Pipelines pipelines = new Pipelines(http, tokens, err);
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(new StatusCommand(http, output))
                .addSubcommand(new TokenCommand(tokens, output))
                .addSubcommand(new AuditCommands(http, tokens, output, mapper))
                .addSubcommand(new FeaturesCommands(http, tokens, output))
                .addSubcommand(new TrainingSetsCommand(http, tokens, output))
                .addSubcommand(new TrainCommand(pipelines, output))
                .addSubcommand(new ReproduceCommand(pipelines, http, tokens, output))
                .addSubcommand(new InventoryCommand(http, tokens, output))
                .addSubcommand(new ReportCommand(http, tokens, output, mapper));
        new ApprovalCommands(http, tokens, output).commands().forEach(commandLine::addSubcommand);
        commandLine.setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(StewardCli::usageError)
                .setExecutionExceptionHandler(StewardCli::executionError);
        commandLine.getCommandSpec().usageMessage().footer(environmentHelp());
        return commandLine;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    private static String[] environmentHelp() {
        Stream<String> urls = Stream.of(Endpoint.values()).map(endpoint -> "  %-27s %s (default %s)"
                .formatted(endpoint.envVar, endpoint.displayName, endpoint.defaultUrl));
        return Stream.concat(urls, Stream.of("  %-27s bearer token sent without --token or --as"
                .formatted("STEWARD_TOKEN"))).toArray(String[]::new);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String suggestion = e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)"
                : "";
        return print(command, new CliException(Exit.USAGE, e.getMessage() + suggestion,
                "see '" + command.getCommandSpec().qualifiedName() + " --help'"));
    }

    private static int executionError(Exception e, CommandLine command, ParseResult parsed) {
        return print(command, e instanceof CliException known ? known
                : new CliException(Exit.INTERNAL, "unexpected error (" + e + ")", "please report this with the command you ran"));
    }

    private static int print(CommandLine command, CliException e) {
        command.getErr().println("steward: " + e.getMessage());
        command.getErr().flush();
        return e.exitCode();
    }

    /** The version from the jar manifest; "dev" when run from classes, as in tests and the IDE. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StewardCli.class.getPackage().getImplementationVersion();
            return new String[] {"steward " + (version == null ? "dev" : version)};
        }
    }
}
