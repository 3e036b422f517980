package org.steward.local;

import org.steward.testsupport.identity.DemoIdentity;
import org.steward.testsupport.identity.IssuerServer;

import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make demo}: starts the embedded platform, prints where everything is and how to get a token, and keeps
 * serving until Ctrl-C, which stops the services and servers cleanly. A second start reuses the data directory.
 *
 * <p>Options: {@code --data-dir DIR} (default {@code .steward}); {@code --scenario} plays the German credit story
 * ({@link DemoScenario}) from {@code --example DIR} (default {@code examples/german-credit}) once the platform is up;
 * {@code --issuer-only} runs only the demo token issuer on port 8090, bound to all interfaces, as the containerised
 * platform's {@code identity} service.
 */
public final class StewardLocal {

    private StewardLocal() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        Path dataDirectory = Path.of(option(arguments, "--data-dir", ".steward"));
        CountDownLatch stopped = new CountDownLatch(1);
        if (arguments.contains("--issuer-only")) {
            IssuerServer issuer = IssuerServer.start("0.0.0.0", 8090);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                issuer.close();
                stopped.countDown();
            }));
            System.out.println("Demo token issuer at " + issuer.baseUrl());
            stopped.await();
            return;
        }
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(new LocalPlatform.Options(dataDirectory, true));
        } catch (Exception e) {
            System.err.println("steward-local: could not start the platform: " + e.getMessage()
                    + " — is another Steward (or anything on ports 8081-8085, 8090, 15432, 19092) already running?");
            System.exit(1);
            return;
        }
        // Ctrl-C and SIGTERM stop things in order (services, then Kafka, then PostgreSQL) before the JVM's
        // shutdown hooks run, which would otherwise tear the servers down under the running services.
        Runnable stop = () -> {
            System.out.println("\nStopping Steward…");
            platform.close();
            System.out.println("Stopped.");
            stopped.countDown();
        };
        for (String name : new String[]{"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("steward-local-stop").start(stop));
        }
        if (arguments.contains("--scenario")) {
            try {
                new DemoScenario(platform, Path.of(option(arguments, "--example", "examples/german-credit"))).play();
            } catch (Exception e) {
                System.err.println("steward-local: the demo scenario stopped: " + e.getMessage()
                        + " — the platform keeps serving; see the log above");
            }
        }
        printWelcome(platform);
        stopped.await();
        System.exit(0);
    }

    private static void printWelcome(LocalPlatform platform) {
        StringBuilder out = new StringBuilder("\nSteward is running (embedded PostgreSQL, Kafka and token issuer).\n\n");
        for (StewardService service : StewardService.values()) {
            out.append(String.format("  %-15s %s   (API docs: %s/v3/api-docs)%n", service.shortName(), platform.url(service),
                    platform.url(service)));
        }
        out.append(String.format("  %-15s %s%n", "token issuer", platform.issuer().baseUrl()));
        out.append("\nDemo identities: ");
        for (DemoIdentity identity : DemoIdentity.values()) {
            out.append(identity.username()).append(" (").append(String.join(",", identity.roles())).append(") ");
        }
        out.append("""


                Try it:
                  export STEWARD_TOKEN=$(./steward token audrey)
                  ./steward status
                  ./steward audit events
                  ./steward audit verify
                  curl -s -X POST -d identity=dana %s/token

                Press Ctrl-C to stop; data stays in the data directory for the next start.
                """.formatted(platform.issuer().baseUrl()));
        System.out.println(out);
    }

    private static String option(List<String> arguments, String name, String fallback) {
        int at = arguments.indexOf(name);
        if (at >= 0 && at + 1 < arguments.size()) {
            return arguments.get(at + 1);
        }
        return fallback;
    }
}
