package org.steward.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code steward status}: is every service up? Exits 1 if not, so a pipeline can wait on it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether each Steward service is up (its /actuator/health; no token needed).")
final class StatusCommand implements Callable<Integer> {
    /** Shorter than API calls: a health check that takes this long is as good as down. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    private static final String UP = "UP";

    record ServiceStatus(String name, String url, String status) {
    }

    record Report(boolean allUp, List<ServiceStatus> services) {
    }

    @Mixin
    JsonOption json;

    private final Http http;
    private final Output output;

    StatusCommand(Http http, Output output) {
        this.http = http;
        this.output = output;
    }

    @Override
    public Integer call() {
        List<CompletableFuture<ServiceStatus>> checks = Endpoint.SERVICES.stream().map(this::check).toList();
        List<ServiceStatus> services = checks.stream().map(CompletableFuture::join).toList();
        Report report = new Report(services.stream().allMatch(service -> UP.equals(service.status())), services);
        if (json.enabled) {
            output.json(report);
        } else {
            output.table(Stream.concat(Stream.of(List.of("SERVICE", "URL", "STATUS")),
                    services.stream().map(service -> List.of(service.name(), service.url(), service.status()))).toList());
        }
        return report.allUp() ? Exit.OK : Exit.CHECK_FAILED;
    }

    private CompletableFuture<ServiceStatus> check(Endpoint service) {
        String url = http.url(service).toString();
        return http.probe(service, "/actuator/health", HEALTH_TIMEOUT).thenApply(health -> new ServiceStatus(
                service.displayName, url,
                health.map(body -> UP.equals(body.path("status").asString("")) ? UP : "DOWN").orElse("UNREACHABLE")));
    }
}
