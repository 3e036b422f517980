package org.steward.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.steward.commons.text.EditDistance;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks docker-compose.yml, and the Prometheus and Grafana files it mounts, without a Docker
 * engine (none runs on the build machines): a misspelt variable, a clashing host port or a scrape
 * target on the wrong port would otherwise only show when someone starts the stack. Every problem
 * names the service, variable or port and says how to fix it.
 */
class DockerComposeFileTest {

    private static final Path ROOT = repositoryRoot();
    private static final Set<String> MODULES = reactorModules(ROOT);
    private static PropertyMetadata metadata;
    private static ComposeChecker compose;

    @BeforeAll
    static void readComposeFile() {
        metadata = PropertyMetadata.fromClassPath(MODULES);
        compose = ComposeChecker.parse(read(ROOT.resolve("docker-compose.yml")), ROOT, ROOT, MODULES, metadata);
    }

    @Test
    void everyServiceModuleOfTheBuildRunsAsAStewardService() {
        assertNoProblems("docker-compose.yml does not run the whole platform", compose.stewardServiceProblems());
    }

    @Test
    void everyBuildNamesAModuleOfTheMavenBuild() {
        assertNoProblems("docker-compose.yml builds something that is not a Maven module", compose.buildProblems());
    }

    @Test
    void hostPortsAreUnique() {
        assertNoProblems("docker-compose.yml publishes clashing host ports", compose.portProblems());
    }

    @Test
    void everyVariableSetOnAStewardServiceIsAPropertyItReads() {
        assertNoProblems("docker-compose.yml sets variables the services ignore", compose.environmentProblems());
    }

    @Test
    void dependenciesReferToServicesThatCanReportHealth() {
        assertNoProblems("docker-compose.yml has broken depends_on entries", compose.dependencyProblems());
    }

    @Test
    void prometheusScrapesEveryStewardServiceOnItsPort() {
        assertNoProblems("Prometheus does not scrape the platform", compose.prometheusProblems());
    }

    @Test
    void grafanaReadsPrometheusAndItsDashboardsUseThatDatasource() {
        assertNoProblems("Grafana is not wired to Prometheus", compose.grafanaProblems());
    }

    @Test
    void dashboardShowsTrafficLatencyHeapOutboxConsumerLagAndCorruptedTrainingSets() {
        String expressions = String.join("\n", compose.dashboardExpressions());
        assertThat(expressions)
                .as("PromQL of the provisioned Grafana dashboards (docker/grafana/dashboards)")
                .contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                        "jvm_memory_used_bytes", "steward_outbox_pending",
                        "kafka_consumer_fetch_manager_records_lag", "steward_training_sets_corrupted_total");
    }

    @Test
    void checkerCatchesAnUnknownVariableADuplicatedPortAndAMissingModule() {
        String snippet = """
                services:
                  feature-store:
                    build:
                      context: .
                      dockerfile: docker/service.Dockerfile
                      args:
                        MODULE: feature-store-service
                    environment:
                      SERVER_PORT: 8081
                      SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI: http://identity:8090/.well-known/jwks.json
                      MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS: "true"
                      STEWARD_NO_SUCH_SETTING: "on"
                      STEWARD_AUDIT_SIGNING_KEY_PATH: /keys/audit.pem
                    ports: ["8081:8081"]
                  model-registry:
                    build:
                      context: .
                      dockerfile: docker/service.Dockerfile
                      args: ["MODULE=model-registry-servic"]
                    ports: ["8081:8082"]
                    depends_on:
                      kafka:
                        condition: service_healthy
                """;
        ComposeChecker bad = ComposeChecker.parse(snippet, ROOT, ROOT, MODULES, metadata);

        assertThat(bad.environmentProblems())
                .anySatisfy(problem -> assertThat(problem).contains("'feature-store'", "STEWARD_NO_SUCH_SETTING"))
                .as("the governance service's own property means nothing to the feature store")
                .anySatisfy(problem -> assertThat(problem).contains("'feature-store'", "STEWARD_AUDIT_SIGNING_KEY_PATH"))
                .noneSatisfy(problem -> assertThat(problem).containsAnyOf(
                        "SERVER_PORT", "JWK_SET_URI", "PERCENTILESHISTOGRAM"));
        assertThat(bad.portProblems())
                .singleElement().asString().contains("8081", "'feature-store'", "'model-registry'");
        assertThat(bad.buildProblems())
                .singleElement().asString().contains("'model-registry'", "model-registry-servic");
        assertThat(bad.dependencyProblems())
                .singleElement().asString().contains("'model-registry'", "'kafka'");
    }

    private static void assertNoProblems(String summary, List<String> problems) {
        assertThat(problems).withFailMessage(() -> summary + ":\n  - " + String.join("\n  - ", problems)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // The checker

    /** One compose file and the repository it builds from; each method lists its problems, one sentence each. */
    static final class ComposeChecker {

        private static final String MODULE_ARG = "MODULE";
        private static final String SERVER_PORT = "SERVER_PORT";
        /** Read by the JVM itself, not by Spring. */
        private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
        private static final String METRICS_PATH = "/actuator/prometheus";
        private static final int PROMETHEUS_PORT = 9090;
        private static final String STEWARD_METADATA_MISSING = " No configuration metadata on the class path declares any"
                + " steward.* property: spring-boot-configuration-processor does not run (javac 23+ runs annotation processors"
                + " only with <proc>full</proc> or <annotationProcessorPaths> on maven-compiler-plugin).";

        private final Path composeDir;
        private final Path repositoryRoot;
        private final Set<String> modules;
        private final PropertyMetadata metadata;
        private final Map<String, ComposeService> services;

        private ComposeChecker(Path composeDir, Path repositoryRoot, Set<String> modules, PropertyMetadata metadata,
                Map<String, ComposeService> services) {
            this.composeDir = composeDir;
            this.repositoryRoot = repositoryRoot;
            this.modules = modules;
            this.metadata = metadata;
            this.services = services;
        }

        static ComposeChecker parse(String yaml, Path composeDir, Path repositoryRoot, Set<String> modules,
                PropertyMetadata metadata) {
            Map<String, Object> document;
            try {
                document = asMap(yaml().load(yaml));
            } catch (YAMLException e) {
                throw new AssertionError("docker-compose.yml is not valid YAML: " + e.getMessage(), e);
            }
            Map<String, ComposeService> services = new LinkedHashMap<>();
            asMap(document.get("services")).forEach((name, spec) -> services.put(name, new ComposeService(name, asMap(spec))));
            if (services.isEmpty()) {
                throw new AssertionError("docker-compose.yml has no 'services' section");
            }
            return new ComposeChecker(composeDir, repositoryRoot, modules, metadata, services);
        }

        List<String> buildProblems() {
            List<String> problems = new ArrayList<>();
            for (ComposeService service : services.values()) {
                if (!service.spec().containsKey("build")) {
                    continue;
                }
                Object buildSpec = service.spec().get("build");
                Map<String, Object> build = buildSpec instanceof Map<?, ?> ? asMap(buildSpec) : Map.of("context", buildSpec);
                Optional<String> module = service.module();
                if (module.isEmpty()) {
                    problems.add("service '%s' is built but names no module: set build.args.%s to a module of the parent pom"
                            .formatted(service.name(), MODULE_ARG));
                } else if (!modules.contains(module.get()) || !Files.isRegularFile(repositoryRoot.resolve(module.get()).resolve("pom.xml"))) {
                    problems.add("service '%s' builds module '%s', which is not a module of the parent pom with its own pom.xml: use one of %s"
                            .formatted(service.name(), module.get(), new TreeSet<>(modules)));
                }
                Path context = composeDir.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
                Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
                if (!Files.isRegularFile(dockerfile)) {
                    problems.add("service '%s' builds with %s, which does not exist: point build.dockerfile at docker/service.Dockerfile (relative to build.context)"
                            .formatted(service.name(), composeDir.relativize(dockerfile.normalize())));
                }
            }
            return problems;
        }

        List<String> portProblems() {
            List<String> problems = new ArrayList<>();
            Map<String, String> publishedBy = new HashMap<>();
            for (ComposeService service : services.values()) {
                for (Object entry : asList(service.spec().get("ports"))) {
                    if (entry instanceof Number number) {
                        problems.add("service '%s' lists port %s unquoted, which YAML may read as a base-60 number: write it as a quoted \"HOST:CONTAINER\" string"
                                .formatted(service.name(), number));
                        continue;
                    }
                    PortMapping port = PortMapping.parse(entry);
                    if (port.hostPort().isEmpty()) {
                        continue;
                    }
                    String key = port.hostPort() + "/" + port.protocol();
                    String other = publishedBy.putIfAbsent(key, service.name());
                    if (other != null) {
                        problems.add("host port %s is published by both '%s' and '%s': give '%s' another host port (the left side of \"HOST:CONTAINER\")"
                                .formatted(key, other, service.name(), service.name()));
                    }
                }
            }
            return problems;
        }

        List<String> environmentProblems() {
            List<String> problems = new ArrayList<>();
            for (ComposeService service : services.values()) {
                Optional<String> module = service.module().filter(modules::contains);
                if (module.isEmpty()) {
                    continue;
                }
                Path configFile = configFile(module.get());
                PropertyNames readable = metadata.forModule(module.get()).plus(PropertyNames.ofYaml(configFile));
                service.environment().forEach((variable, value) -> {
                    if (JVM_VARIABLES.contains(variable) || readable.binds(variable)) {
                        return;
                    }
                    String hint = readable.closest(variable).map(name -> " Did you mean " + name + "?").orElse("");
                    String missing = Files.exists(configFile) ? "" : " (" + repositoryRoot.relativize(configFile) + " does not exist yet)";
                    problems.add(("service '%s' sets %s, but %s reads no property it binds to (relaxed binding: %s).%s "
                            + "Fix the name, or declare the property in %s%s or in a @ConfigurationProperties class.%s")
                            .formatted(service.name(), variable, module.get(), PropertyNames.propertyOf(variable), hint,
                                    repositoryRoot.relativize(configFile), missing,
                                    variable.startsWith("STEWARD_") && !metadata.declaresStewardProperties() ? STEWARD_METADATA_MISSING : ""));
                });
            }
            return problems;
        }

        List<String> dependencyProblems() {
            List<String> problems = new ArrayList<>();
            for (ComposeService service : services.values()) {
                service.dependsOn().forEach((dependency, condition) -> {
                    ComposeService target = services.get(dependency);
                    if (target == null) {
                        problems.add("service '%s' depends on '%s', which is not a service of this file: fix the name or add the service"
                                .formatted(service.name(), dependency));
                    } else if ("service_healthy".equals(condition) && !target.hasHealthcheck()) {
                        problems.add("service '%s' waits for '%s' to be healthy, but '%s' has no healthcheck: add one to '%s' or wait with condition service_started"
                                .formatted(service.name(), dependency, dependency, dependency));
                    }
                });
            }
            return problems;
        }

        /** The five services: each runs, on an explicit port, with a health check and after the infrastructure is healthy. */
        List<String> stewardServiceProblems() {
            List<String> problems = new ArrayList<>();
            Set<String> run = new HashSet<>();
            List<ComposeService> infrastructure = services.values().stream()
                    .filter(s -> s.image().startsWith("postgres:") || s.image().startsWith("apache/kafka:"))
                    .toList();
            for (ComposeService service : stewardServices()) {
                run.add(service.module().orElseThrow());
                Optional<String> port = service.port();
                if (port.isEmpty()) {
                    problems.add("service '%s' does not set %s: set it, because its health check, port mapping and Prometheus target depend on it"
                            .formatted(service.name(), SERVER_PORT));
                    continue;
                }
                String health = "localhost:" + port.get() + "/actuator/health";
                if (!service.healthcheckCommand().contains(health)) {
                    problems.add("service '%s' has no healthcheck on http://%s: add test [\"CMD\", \"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"http://%s\"]"
                            .formatted(service.name(), health, health));
                }
                for (Object entry : asList(service.spec().get("ports"))) {
                    PortMapping mapping = PortMapping.parse(entry);
                    if (!mapping.containerPort().equals(port.get())) {
                        problems.add("service '%s' publishes container port %s but listens on %s=%s: map \"HOST:%s\""
                                .formatted(service.name(), mapping.containerPort(), SERVER_PORT, port.get(), port.get()));
                    }
                }
                for (ComposeService needed : infrastructure) {
                    if (!"service_healthy".equals(service.dependsOn().get(needed.name()))) {
                        problems.add("service '%s' does not wait for '%s' to be healthy: add depends_on.%s.condition: service_healthy"
                                .formatted(service.name(), needed.name(), needed.name()));
                    }
                }
            }
            modules.stream().filter(m -> m.endsWith("-service")).filter(m -> !run.contains(m)).sorted().forEach(m ->
                    problems.add("no service runs module %s: add one built with build.args.%s: %s".formatted(m, MODULE_ARG, m)));
            return problems;
        }

        List<String> prometheusProblems() {
            Optional<ComposeService> prometheus = serviceWithImage("prom/prometheus:");
            if (prometheus.isEmpty()) {
                return List.of("no service runs the prom/prometheus image: add one that scrapes the Steward services");
            }
            Optional<Path> config = prometheus.get().hostPath(composeDir, "/etc/prometheus/prometheus.yml");
            if (config.isEmpty() || !Files.isRegularFile(config.get())) {
                return List.of("service '%s' mounts no readable /etc/prometheus/prometheus.yml: mount docker/prometheus/prometheus.yml there"
                        .formatted(prometheus.get().name()));
            }
            String configName = composeDir.relativize(config.get()).toString();
            Map<String, String> metricsPathByTarget = new HashMap<>();
            for (Object job : asList(asMap(yaml().load(read(config.get()))).get("scrape_configs"))) {
                Map<String, Object> scrape = asMap(job);
                String metricsPath = String.valueOf(scrape.getOrDefault("metrics_path", "/metrics"));
                for (Object staticConfig : asList(scrape.get("static_configs"))) {
                    asList(asMap(staticConfig).get("targets")).forEach(t -> metricsPathByTarget.put(String.valueOf(t), metricsPath));
                }
            }
            List<String> problems = new ArrayList<>();
            for (ComposeService service : stewardServices()) {
                Optional<String> port = service.port();
                if (port.isEmpty()) {
                    continue; // reported by stewardServiceProblems
                }
                String target = service.name() + ":" + port.get();
                String metricsPath = metricsPathByTarget.get(target);
                if (metricsPath == null) {
                    problems.add("%s does not scrape '%s': add target \"%s\" to a job with metrics_path %s"
                            .formatted(configName, service.name(), target, METRICS_PATH));
                } else if (!METRICS_PATH.equals(metricsPath)) {
                    problems.add("%s scrapes \"%s\" at %s: set metrics_path: %s on its job".formatted(configName, target, metricsPath, METRICS_PATH));
                }
            }
            metricsPathByTarget.keySet().stream().sorted().forEach(target -> {
                String host = target.substring(0, target.lastIndexOf(':'));
                if (!host.equals("localhost") && !services.containsKey(host)) {
                    problems.add("%s scrapes \"%s\", but '%s' is not a service of docker-compose.yml: fix the host name"
                            .formatted(configName, target, host));
                }
            });
            return problems;
        }

        List<String> grafanaProblems() {
            Optional<ComposeService> grafana = serviceWithImage("grafana/grafana:");
            Optional<ComposeService> prometheus = serviceWithImage("prom/prometheus:");
            if (grafana.isEmpty() || prometheus.isEmpty()) {
                return List.of("docker-compose.yml needs a grafana/grafana service and a prom/prometheus service");
            }
            Optional<Path> provisioning = grafana.get().hostPath(composeDir, "/etc/grafana/provisioning");
            if (provisioning.isEmpty() || !Files.isDirectory(provisioning.get())) {
                return List.of("service '%s' mounts no provisioning directory at /etc/grafana/provisioning: mount docker/grafana/provisioning there"
                        .formatted(grafana.get().name()));
            }
            List<String> problems = new ArrayList<>();
            Set<String> datasourceUids = new HashSet<>();
            String expectedUrl = "http://" + prometheus.get().name() + ":" + PROMETHEUS_PORT;
            boolean prometheusDatasource = false;
            for (Path file : yamlFiles(provisioning.get().resolve("datasources"))) {
                for (Object entry : asList(asMap(yaml().load(read(file))).get("datasources"))) {
                    Map<String, Object> datasource = asMap(entry);
                    Optional.ofNullable(datasource.get("uid")).map(String::valueOf).ifPresent(datasourceUids::add);
                    if (!"prometheus".equals(datasource.get("type"))) {
                        continue;
                    }
                    prometheusDatasource = true;
                    URI url = URI.create(String.valueOf(datasource.get("url")));
                    if (!prometheus.get().name().equals(url.getHost()) || url.getPort() != PROMETHEUS_PORT) {
                        problems.add("Grafana datasource '%s' in %s points at %s: set url: %s (the prometheus service)"
                                .formatted(datasource.get("name"), composeDir.relativize(file), url, expectedUrl));
                    }
                }
            }
            if (!prometheusDatasource) {
                problems.add("%s provisions no datasource of type prometheus: add one with url: %s"
                        .formatted(composeDir.relativize(provisioning.get().resolve("datasources")), expectedUrl));
            }
            List<Path> dashboards = dashboardFiles(grafana.get(), provisioning.get());
            if (dashboards.isEmpty()) {
                problems.add("Grafana provisions no dashboard: add a provider under %s whose options.path is a mounted directory of dashboard JSON files"
                        .formatted(composeDir.relativize(provisioning.get().resolve("dashboards"))));
            }
            for (Path dashboard : dashboards) {
                Set<String> used = new TreeSet<>();
                collect(readJson(dashboard), "datasource", node -> {
                    String uid = node.path("uid").asString("");
                    if (!uid.isEmpty() && !uid.startsWith("$") && !uid.startsWith("-- ")) {
                        used.add(uid);
                    }
                });
                used.removeAll(datasourceUids);
                used.forEach(uid -> problems.add("dashboard %s uses datasource uid '%s', which is not provisioned: use one of %s"
                        .formatted(composeDir.relativize(dashboard), uid, new TreeSet<>(datasourceUids))));
            }
            return problems;
        }

        /** Every PromQL expression of the provisioned dashboards. */
        List<String> dashboardExpressions() {
            Optional<ComposeService> grafana = serviceWithImage("grafana/grafana:");
            Optional<Path> provisioning = grafana.flatMap(g -> g.hostPath(composeDir, "/etc/grafana/provisioning"));
            if (provisioning.isEmpty()) {
                return List.of();
            }
            List<String> expressions = new ArrayList<>();
            for (Path dashboard : dashboardFiles(grafana.get(), provisioning.get())) {
                collect(readJson(dashboard), "expr", node -> expressions.add(node.asString("")));
            }
            return expressions;
        }

        List<ComposeService> stewardServices() {
            return services.values().stream().filter(ComposeService::runsStewardService).toList();
        }

        private List<Path> dashboardFiles(ComposeService grafana, Path provisioning) {
            List<Path> dashboards = new ArrayList<>();
            for (Path file : yamlFiles(provisioning.resolve("dashboards"))) {
                for (Object provider : asList(asMap(yaml().load(read(file))).get("providers"))) {
                    Object path = asMap(asMap(provider).get("options")).get("path");
                    grafana.hostPath(composeDir, String.valueOf(path)).filter(Files::isDirectory)
                            .ifPresent(directory -> dashboards.addAll(filesEndingWith(directory, ".json")));
                }
            }
            return dashboards;
        }

        private Optional<ComposeService> serviceWithImage(String imagePrefix) {
            return services.values().stream().filter(s -> s.image().startsWith(imagePrefix)).findFirst();
        }

        /** The service's own configuration file: {@code <short>.yml}, where short is the module name without "-service". */
        private Path configFile(String module) {
            String name = module.endsWith("-service") ? module.substring(0, module.length() - "-service".length()) : "application";
            return repositoryRoot.resolve(module).resolve("src/main/resources").resolve(name + ".yml");
        }

        private static List<Path> yamlFiles(Path directory) {
            return Stream.concat(filesEndingWith(directory, ".yml").stream(), filesEndingWith(directory, ".yaml").stream()).toList();
        }

        private static List<Path> filesEndingWith(Path directory, String suffix) {
            if (!Files.isDirectory(directory)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void collect(JsonNode node, String field, Consumer<JsonNode> sink) {
            if (node.isObject()) {
                node.properties().forEach(entry -> {
                    if (entry.getKey().equals(field)) {
                        sink.accept(entry.getValue());
                    }
                    collect(entry.getValue(), field, sink);
                });
            } else if (node.isArray()) {
                node.values().forEach(child -> collect(child, field, sink));
            }
        }
    }

    /** One entry of a compose file's services section. */
    record ComposeService(String name, Map<String, Object> spec) {

        Optional<String> module() {
            if (!(spec.get("build") instanceof Map<?, ?> build)) {
                return Optional.empty();
            }
            Object args = build.get("args");
            if (args instanceof List<?> list) {
                return list.stream().map(String::valueOf).filter(a -> a.startsWith(ComposeChecker.MODULE_ARG + "="))
                        .map(a -> a.substring(ComposeChecker.MODULE_ARG.length() + 1)).findFirst();
            }
            return Optional.ofNullable(asMap(args).get(ComposeChecker.MODULE_ARG)).map(String::valueOf);
        }

        /** Built from one of the five service modules (the demo issuer comes from steward-local). */
        boolean runsStewardService() {
            return module().filter(m -> m.endsWith("-service")).isPresent();
        }

        Optional<String> port() {
            return Optional.ofNullable(environment().get(ComposeChecker.SERVER_PORT));
        }

        String image() {
            return String.valueOf(spec.getOrDefault("image", ""));
        }

        Map<String, String> environment() {
            Object environment = spec.get("environment");
            Map<String, String> variables = new LinkedHashMap<>();
            if (environment instanceof List<?> list) {
                list.stream().map(String::valueOf).forEach(entry -> {
                    int equals = entry.indexOf('=');
                    variables.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
                });
            } else {
                asMap(environment).forEach((name, value) -> variables.put(name, value == null ? "" : String.valueOf(value)));
            }
            return variables;
        }

        /** Service name to condition; the list form means service_started. */
        Map<String, String> dependsOn() {
            Object dependsOn = spec.get("depends_on");
            Map<String, String> conditions = new LinkedHashMap<>();
            if (dependsOn instanceof List<?> list) {
                list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
            } else {
                asMap(dependsOn).forEach((name, options) ->
                        conditions.put(name, String.valueOf(asMap(options).getOrDefault("condition", "service_started"))));
            }
            return conditions;
        }

        boolean hasHealthcheck() {
            Map<String, Object> healthcheck = asMap(spec.get("healthcheck"));
            return healthcheck.containsKey("test") && !Boolean.TRUE.equals(healthcheck.get("disable"))
                    && !List.of("NONE").equals(healthcheck.get("test"));
        }

        String healthcheckCommand() {
            Object test = asMap(spec.get("healthcheck")).get("test");
            return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(test);
        }

        /** Where a path inside the container comes from on the host, if a bind mount provides it. */
        Optional<Path> hostPath(Path composeDir, String containerPath) {
            for (Object volume : asList(spec.get("volumes"))) {
                String source;
                String target;
                if (volume instanceof Map<?, ?> map) {
                    source = String.valueOf(map.get("source"));
                    target = String.valueOf(map.get("target"));
                } else {
                    String[] parts = String.valueOf(volume).split(":");
                    if (parts.length < 2) {
                        continue;
                    }
                    source = parts[0];
                    target = parts[1];
                }
                boolean bind = source.startsWith(".") || source.startsWith("/");
                if (bind && (containerPath.equals(target) || containerPath.startsWith(target + "/"))) {
                    return Optional.of(composeDir.resolve(source).resolve(containerPath.substring(target.length()).replaceFirst("^/", "")).normalize());
                }
            }
            return Optional.empty();
        }
    }

    /** A published port: short syntax "[IP:]HOST:CONTAINER[/PROTOCOL]" or the long map syntax. */
    record PortMapping(String hostPort, String containerPort, String protocol) {

        static PortMapping parse(Object entry) {
            if (entry instanceof Map<?, ?> map) {
                return new PortMapping(map.get("published") == null ? "" : String.valueOf(map.get("published")),
                        String.valueOf(map.get("target")), String.valueOf(map.get("protocol") == null ? "tcp" : map.get("protocol")));
            }
            String text = String.valueOf(entry);
            int slash = text.indexOf('/');
            String protocol = slash < 0 ? "tcp" : text.substring(slash + 1);
            String binding = slash < 0 ? text : text.substring(0, slash);
            int lastColon = binding.lastIndexOf(':');
            if (lastColon < 0) {
                return new PortMapping("", binding, protocol);
            }
            String host = binding.substring(0, lastColon);
            return new PortMapping(host.substring(host.lastIndexOf(':') + 1), binding.substring(lastColon + 1), protocol);
        }
    }

    // ------------------------------------------------------------------------------------------
    // What a service reads

    /**
     * Property names as the environment variables that bind to them, following Spring Boot's
     * relaxed binding: upper case, dots to underscores, dashes removed (or, the legacy form Spring
     * still accepts for plain properties, dashes to underscores). Map properties bind any variable
     * that extends their name.
     */
    record PropertyNames(Set<String> variables, Set<String> mapPrefixes) {

        static final PropertyNames NONE = new PropertyNames(Set.of(), Set.of());

        static PropertyNames of(Collection<String> properties, Collection<String> maps) {
            Set<String> variables = new HashSet<>();
            properties.forEach(p -> {
                variables.add(variable(p, ""));
                variables.add(variable(p, "_"));
            });
            Set<String> prefixes = new HashSet<>();
            maps.forEach(p -> prefixes.add(variable(p, "") + "_"));
            return new PropertyNames(variables, prefixes);
        }

        /** Every key of a Spring configuration file (all its documents), flattened. */
        static PropertyNames ofYaml(Path file) {
            if (!Files.isRegularFile(file)) {
                return NONE;
            }
            Set<String> keys = new HashSet<>();
            yaml().loadAll(read(file)).forEach(document -> flatten("", document, keys));
            return of(keys, Set.of());
        }

        /** The property a variable stands for, as Spring reads the environment. */
        static String propertyOf(String variable) {
            return variable.toLowerCase(Locale.ROOT).replace('_', '.');
        }

        boolean binds(String variable) {
            return variables.contains(variable) || mapPrefixes.stream().anyMatch(variable::startsWith);
        }

        Optional<String> closest(String variable) {
            return variables.stream()
                    .map(candidate -> Map.entry(candidate, EditDistance.between(candidate, variable)))
                    .filter(e -> e.getValue() <= Math.max(2, variable.length() / 8))
                    .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey);
        }

        PropertyNames plus(PropertyNames other) {
            Set<String> variables = new HashSet<>(this.variables);
            variables.addAll(other.variables);
            Set<String> prefixes = new HashSet<>(this.mapPrefixes);
            prefixes.addAll(other.mapPrefixes);
            return new PropertyNames(variables, prefixes);
        }

        private static String variable(String property, String dashReplacement) {
            return property.toUpperCase(Locale.ROOT).replace("[", ".").replace("]", "")
                    .replace("-", dashReplacement).replace('.', '_');
        }

        private static void flatten(String prefix, Object node, Set<String> keys) {
            if (node instanceof Map<?, ?> map && !map.isEmpty()) {
                map.forEach((key, value) -> {
                    String name = String.valueOf(key).replaceAll("^\\[(.*)]$", "$1");
                    flatten(prefix.isEmpty() ? name : prefix + "." + name, value, keys);
                });
            } else if (node instanceof List<?> list && !list.isEmpty()) {
                keys.add(prefix);
                for (int i = 0; i < list.size(); i++) {
                    flatten(prefix + "[" + i + "]", list.get(i), keys);
                }
            } else if (!prefix.isEmpty()) {
                keys.add(prefix);
            }
        }
    }

    /**
     * The properties declared in Spring configuration metadata on the test class path: Spring
     * Boot's own, and those the configuration processor writes for Steward's
     * {@code @ConfigurationProperties}. Metadata from a service module's jar counts for that
     * service only; everything else (Spring Boot, platform-commons) counts for all.
     */
    record PropertyMetadata(PropertyNames shared, Map<String, PropertyNames> byModule, boolean declaresStewardProperties) {

        private static final List<String> FILES = List.of(
                "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json");

        static PropertyMetadata fromClassPath(Set<String> modules) {
            Map<String, Set<String>> properties = new HashMap<>();
            Map<String, Set<String>> maps = new HashMap<>();
            boolean steward = false;
            List<String> serviceModules = modules.stream().filter(m -> m.endsWith("-service")).toList();
            for (String file : FILES) {
                for (URL url : resources(file)) {
                    String owner = serviceModules.stream()
                            .filter(m -> Pattern.compile("/" + Pattern.quote(m) + "(/target/|-\\d)").matcher(url.toString()).find())
                            .findFirst().orElse("");
                    JsonNode metadata;
                    try (InputStream in = url.openStream()) {
                        metadata = JsonMapper.shared().readTree(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + url, e);
                    }
                    for (JsonNode property : metadata.path("properties").values()) {
                        String name = property.path("name").asString("");
                        properties.computeIfAbsent(owner, o -> new HashSet<>()).add(name);
                        steward |= name.startsWith("steward.");
                        if (property.path("type").asString("").startsWith("java.util.Map<")) {
                            maps.computeIfAbsent(owner, o -> new HashSet<>()).add(name);
                        }
                    }
                }
            }
            Map<String, PropertyNames> byModule = new HashMap<>();
            properties.forEach((owner, names) -> byModule.put(owner, PropertyNames.of(names, maps.getOrDefault(owner, Set.of()))));
            PropertyNames shared = byModule.remove("");
            if (shared == null) {
                throw new AssertionError("no Spring configuration metadata on the test class path: " + FILES);
            }
            return new PropertyMetadata(shared, byModule, steward);
        }

        PropertyNames forModule(String module) {
            return shared.plus(byModule.getOrDefault(module, PropertyNames.NONE));
        }

        private static List<URL> resources(String name) {
            try {
                return Collections.list(DockerComposeFileTest.class.getClassLoader().getResources(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("expected a YAML mapping but found: " + node);
        }
        return (Map<String, Object>) node;
    }

    private static List<?> asList(Object node) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> list)) {
            throw new AssertionError("expected a YAML list but found: " + node);
        }
        return list;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JsonMapper.shared().readTree(read(file));
        } catch (RuntimeException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The directory holding docker-compose.yml and the parent pom: the tests run from a module directory. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no docker-compose.yml next to a pom.xml above " + Path.of("").toAbsolutePath());
    }

    /** The {@code <modules>} of the parent pom. */
    private static Set<String> reactorModules(Path root) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList elements = factory.newDocumentBuilder().parse(root.resolve("pom.xml").toFile()).getElementsByTagName("module");
            Set<String> modules = new LinkedHashSet<>();
            for (int i = 0; i < elements.getLength(); i++) {
                modules.add(elements.item(i).getTextContent().trim());
            }
            return modules;
        } catch (Exception e) {
            throw new AssertionError("cannot read the modules of " + root.resolve("pom.xml"), e);
        }
    }
}
