package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.benchmarks.Report.Figure;
import org.steward.benchmarks.synthetic.PeerFormats;
import org.steward.benchmarks.synthetic.SyntheticBank;
import org.steward.benchmarks.synthetic.SyntheticDataset;
import org.steward.benchmarks.synthetic.SyntheticView;
import org.steward.local.LocalPlatform;
import org.steward.local.StewardService;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Online features for one entity — all 30 features of the synthetic bank's three views — over HTTP at a steady
 * 1,000 requests a second, with latency percentiles measured by an {@link OpenLoopLoad open-loop} client, beside
 * Feast's HTTP feature server ({@code feast serve}, SQLite online store) answering the same requests.
 *
 * <p>Both stores are filled by their own materialisation over the same rows, whose event times end now, so the
 * latest values are within their ttl (Steward enforces the ttl online; Feast does not). Each side gets a warm-up
 * at the same rate before its measured run; requests ask for customers drawn with a fixed seed. Steward's requests
 * carry a bearer token of the demo issuer and go through the whole service: authentication, the serving plan, the
 * store read, the JSON answer with per-feature statuses.
 */
final class FeatureStoreOnlineBenchmark {

    record Options(int customers, long featureRows, double rate, Duration duration, Duration warmUp, long seed,
                   boolean peers, Peers environment, Path resultsDirectory) {
    }

    private static final Logger log = LoggerFactory.getLogger(FeatureStoreOnlineBenchmark.class);
    private static final double P99_TARGET_MILLIS = 2;
    private static final String FLOOR_BARE = "Floor: bare HTTP server";
    private static final String FLOOR_READ = "Floor: bare HTTP server + one PostgreSQL read";
    private static final Duration FLOOR_WARM_UP = Duration.ofSeconds(10);
    private static final Duration SPAN = Duration.ofDays(30);
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration SERVER_START_LIMIT = Duration.ofMinutes(2);
    private static final Duration PREPARE_LIMIT = Duration.ofMinutes(30);

    private final Options options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    FeatureStoreOnlineBenchmark(Options options) {
        this.options = options;
    }

    /** One side's measured run, with its warm-up. */
    private record Side(String name, double rate, OpenLoopLoad.Result result) {
    }

    /**
     * The p99 of each {@link #WINDOW} of a run: a run's p99 rests on its slowest hundredth, which arrive in small
     * clusters, so a short run's figure moves with where a few clusters fell.
     */
    private static String windows(OpenLoopLoad.Result result, double rate) {
        return "p99 of each " + WINDOW.toSeconds() + " s of the run " + Arrays.stream(result.windowMillis(0.99, WINDOW, rate))
                .mapToObj(FeatureStoreOnlineBenchmark::ms).collect(Collectors.joining(", ", "", " ms"));
    }

    void run() throws Exception {
        Instant startedAt = Instant.now();
        double loadBefore = Machine.loadAverage();
        List<String> notes = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        try (TemporaryPlatform run = TemporaryPlatform.create()) {
            Instant end = startedAt.truncatedTo(ChronoUnit.MINUTES);
            log.info("Feature store online benchmark {}: {} customers, {} feature rows, {} requests/s for {} s", runId,
                    options.customers(), options.featureRows(), options.rate(), options.duration().toSeconds());
            SyntheticDataset data = SyntheticBank.generate(new SyntheticBank.Options(options.seed(), options.customers(), 0,
                    options.featureRows(), end, SPAN), run.dataDirectory().resolve("data"));

            log.info("Starting the platform on {}", run.dataDirectory());
            // The feature store alone, with its database, broker and token issuer: the other four services' consumers
            // and relays would otherwise take their share of the two cores the requests are measured on.
            LocalPlatform platform = run.start(EnumSet.of(StewardService.FEATURE_STORE));
            JdbcTemplate jdbc = platform.context(StewardService.FEATURE_STORE).getBean(JdbcTemplate.class);
            Machine machine = Machine.describe(jdbc.queryForObject("select current_setting('server_version')", String.class),
                    loadBefore);
            String baseUrl = platform.url(StewardService.FEATURE_STORE);
            FeatureStoreClient dana = new FeatureStoreClient(baseUrl, platform.issuer().issuer().issue(DemoIdentity.DANA));
            FeatureStoreClient eli = new FeatureStoreClient(baseUrl, platform.issuer().issuer().issue(DemoIdentity.ELI));
            dana.applyDefinitions(data.definitionsYaml());
            for (SyntheticDataset.Batch batch : data.batches()) {
                dana.ingest(batch.view().name(), batch.file());
            }
            long t = System.nanoTime();
            for (SyntheticView view : data.views()) {
                UUID job = eli.materialize(view.name(), end);
                JsonNode done = eli.awaitJob(job, "Steward materialisation of " + view.name(), Duration.ofMillis(200), run::stopping,
                        state -> { });
                log.info("Steward: {} materialised ({})", view.name(), done);
            }
            parameters.put("stewardMaterializeSeconds", round(seconds(t)));
            t = System.nanoTime();
            // A million rows just loaded would otherwise be vacuumed by autovacuum in the middle of the measured run,
            // taking a core away from the requests; a store serving for a while has long been vacuumed.
            jdbc.execute("vacuum (analyze)");
            jdbc.execute("checkpoint");
            log.info("Steward: database vacuumed, analysed and checkpointed in {} s", round(seconds(t)));

            String token = platform.issuer().issuer().issue(DemoIdentity.OMAR);
            Requests steward = stewardRequests(baseUrl, "/api/v1/online-features", Map.of("Authorization", "Bearer " + token));
            byte[] answer = checkAnswers(steward, 20);
            List<Side> sides = new ArrayList<>();
            sides.add(measure("Steward", steward, options.rate(), options.warmUp(), run));
            List<Side> floors = floors(platform.context(StewardService.FEATURE_STORE).getBean(DataSource.class), data,
                    token, answer, run);

            if (!options.peers()) {
                notes.add("Feast was not run (--peers false).");
            } else if (options.environment().unavailable().isPresent()) {
                notes.add("Feast was not run: " + options.environment().unavailable().get() + ".");
            } else {
                sides.addAll(feast(run, data, end, parameters, notes));
            }

            parameters.put("customers", options.customers());
            parameters.put("featureRows", data.featureRows());
            parameters.put("views", data.describe());
            parameters.put("eventTimes", SPAN.toDays() + " days up to " + end);
            parameters.put("features", data.featureColumns().size());
            parameters.put("ratePerSecond", options.rate());
            parameters.put("seconds", options.duration().toSeconds());
            parameters.put("warmUpSeconds", options.warmUp().toSeconds());
            parameters.put("seed", options.seed());
            parameters.put("garbageCollectors", ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName).toList().toString());
            Report report = new Report("feature-store-online", runId, startedAt, machine, parameters, figures(sides, floors),
                    notes(machine, sides, floors, notes));
            System.out.print(report.table());
            System.out.println("Results written to " + report.write(options.resultsDirectory()));
        }
    }

    /**
     * The requests of one side: a POST to {@code path} with {@code headers}, one customer each, drawn with the run's
     * seed — the same sequence for both tools.
     */
    private record Requests(String baseUrl, String path, Map<String, String> headers, String[] bodies) {

        HttpRequest checked(int i) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json");
            headers.forEach(request::header);
            return request.POST(HttpRequest.BodyPublishers.ofString(bodies[i % bodies.length])).build();
        }

        IntFunction<byte[]> prepared(LoadClient client) {
            byte[][] prepared = new byte[bodies.length][];
            for (int i = 0; i < bodies.length; i++) {
                prepared[i] = client.post(path, headers, bodies[i]);
            }
            return i -> prepared[i % prepared.length];
        }
    }

    private Requests stewardRequests(String baseUrl, String path, Map<String, String> headers) {
        return new Requests(baseUrl, path, headers,
                bodies(customer -> "{\"featureService\":\"" + SyntheticBank.FEATURE_SERVICE + "\",\"entities\":[{\""
                        + SyntheticBank.JOIN_KEY + "\":\"" + customer + "\"}]}"));
    }

    private Requests feastRequests(String baseUrl, List<String> features) {
        String refs = json.writeValueAsString(features);
        return new Requests(baseUrl, "/get-online-features", Map.of(), bodies(customer -> "{\"features\":" + refs
                + ",\"entities\":{\"" + SyntheticBank.JOIN_KEY + "\":[\"" + customer + "\"]},\"full_feature_names\":true}"));
    }

    private String[] bodies(java.util.function.Function<String, String> body) {
        SplittableRandom random = new SplittableRandom(options.seed());
        String[] bodies = new String[(int) Math.min(100_000, Math.max(1, options.rate() * options.duration().toSeconds()))];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = body.apply(SyntheticBank.customerId(random.nextInt(options.customers())));
        }
        return bodies;
    }

    /**
     * A few requests before any timing: the service answers 200 with 30 values per entity.
     *
     * @return the last answer's body
     */
    private byte[] checkAnswers(Requests requests, int count) throws Exception {
        String body = "";
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(requests.checked(i), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("online features answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode values = json.readTree(response.body()).path("results").path(0).path("values");
            if (values.size() != 30) {
                throw new IllegalStateException("expected 30 features, got " + response.body());
            }
            body = response.body();
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@link HttpFloor}'s two paths, measured after Steward with the same client, rate, requests (token
     * included) and answer size, with a shorter warm-up: there is little for the JIT compiler to do.
     */
    private List<Side> floors(DataSource dataSource, SyntheticDataset data, String token, byte[] answer, TemporaryPlatform run)
            throws Exception {
        List<Side> floors = new ArrayList<>();
        try (HttpFloor floor = new HttpFloor(dataSource, data.views().stream().map(SyntheticView::name).toList(), answer)) {
            Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
            Requests bare = stewardRequests(floor.baseUrl(), HttpFloor.BARE, headers);
            Requests read = stewardRequests(floor.baseUrl(), HttpFloor.READ, headers);
            checkAnswered(bare, "the bare floor");
            checkAnswered(read, "the floor with a read");
            floors.add(measure(FLOOR_BARE, bare, options.rate(), FLOOR_WARM_UP, run));
            floors.add(measure(FLOOR_READ, read, options.rate(), FLOOR_WARM_UP, run));
        }
        return floors;
    }

    /** A few requests before any timing: {@code server} answers each with a 200. */
    private void checkAnswered(Requests requests, String server) throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.send(requests.checked(i), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(server + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    private Side measure(String name, Requests requests, double rate, Duration warmUp, TemporaryPlatform run)
            throws InterruptedException {
        OpenLoopLoad.Result result;
        try (LoadClient client = new LoadClient(URI.create(requests.baseUrl()))) {
            IntFunction<byte[]> prepared = requests.prepared(client);
            log.info("{}: warm-up, {} requests/s for {} s", name, rate, warmUp.toSeconds());
            OpenLoopLoad.run(name + " warm-up", client, prepared, rate, warmUp, run::stopping);
            System.gc();
            log.info("{}: measuring, {} requests/s for {} s", name, rate, options.duration().toSeconds());
            result = OpenLoopLoad.run(name, client, prepared, rate, options.duration(), run::stopping);
        }
        log.info("{}: p50 {} ms, p99 {} ms, max {} ms, {} requests/s achieved, {} failed, {} µs of CPU per request", name,
                ms(result.millis(0.5)), ms(result.millis(0.99)), ms(result.maxMillis()), Math.round(result.achievedRate()),
                result.failed(), Math.round(result.cpuMicrosPerRequest()));
        log.info("{}: {}", name, windows(result, rate));
        return new Side(name, rate, result);
    }

    /**
     * Prepares Feast's store (repository, materialisation), serves it with {@code feast serve} and measures it at
     * the same rate; when it cannot keep up, also at a tenth of the rate, to show its latency when not saturated.
     */
    private List<Side> feast(TemporaryPlatform run, SyntheticDataset data, Instant end, Map<String, Object> parameters,
                             List<String> notes) throws Exception {
        Path peers = run.dataDirectory().resolve("peers");
        Map<String, Path> parquet = PeerFormats.writeParquet(data, peers.resolve("parquet"));
        Path spec = new FeastSpec(data, parquet, null, null, peers).write(peers.resolve("feast-spec.json"));
        Peers.Outcome prepared = options.environment().run("feast online", "feast_online.py", List.of("--spec", spec.toString(),
                        "--start", end.minus(SPAN).minusSeconds(1).toString(), "--end", end.toString()),
                peers.resolve("feast-online-result.json"), PREPARE_LIMIT, run::stopping);
        if (!(prepared instanceof Peers.Outcome.Done done)) {
            notes.add("Feast's online store could not be prepared: " + prepared);
            return List.of();
        }
        parameters.put("feastMaterializeSeconds", round(done.result().get("materializeSeconds").asDouble()));
        parameters.put("peerVersions", done.result().get("versions").toString());
        List<String> features = new ArrayList<>();
        done.result().get("featureRefs").forEach(f -> features.add(f.asString()));

        int port = freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        // Two workers for two cores; no access log (Steward keeps none per request); workers are not recycled every
        // 1,000 requests, Feast's default, which at this rate would restart one every second or two.
        Peers.Child server = run.register(options.environment().start("feast serve", List.of(
                options.environment().command("feast").toString(), "-c", done.result().get("repo").asString(), "serve",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "--no-access-log", "--workers", "2",
                "--max-requests", "1000000")));
        awaitFeast(baseUrl, server);
        Requests requests = feastRequests(baseUrl, features);
        checkAnswered(requests, "feast serve");
        List<Side> sides = new ArrayList<>(List.of(measure("Feast", requests, options.rate(), options.warmUp(), run)));
        OpenLoopLoad.Result same = sides.getFirst().result();
        if (same.failed() > 0 || same.achievedRate() < 0.95 * options.rate()) {
            double slower = options.rate() / 10;
            notes.add(String.format(Locale.ROOT, "Feast's server could not keep up with %,.0f requests/s on this machine"
                    + " (it answered %,.0f/s): its latencies at that rate are mostly queueing. It was measured again at"
                    + " %,.0f requests/s.", options.rate(), same.achievedRate(), slower));
            sides.add(measure(String.format(Locale.ROOT, "Feast at %,.0f requests/s", slower), requests, slower,
                    options.warmUp(), run));
        }
        server.close();
        return sides;
    }

    private void awaitFeast(String baseUrl, Peers.Child server) throws Exception {
        long deadline = System.nanoTime() + SERVER_START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new IllegalStateException("feast serve exited before it answered");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("feast serve did not answer within " + SERVER_START_LIMIT.toSeconds() + " s");
    }

    private List<Figure> figures(List<Side> sides, List<Side> floors) {
        List<Figure> figures = new ArrayList<>();
        for (Side side : sides) {
            OpenLoopLoad.Result r = side.result();
            boolean steward = side.name().equals("Steward");
            figures.add(Figure.latency(side.name() + ": latency p50", r.millis(0.5), null));
            figures.add(Figure.latency(side.name() + ": latency p90", r.millis(0.9), null));
            figures.add(Figure.latency(side.name() + ": latency p99", r.millis(0.99), steward ? P99_TARGET_MILLIS : null));
            figures.add(Figure.latency(side.name() + ": latency p99.9", r.millis(0.999), null));
            figures.add(Figure.latency(side.name() + ": latency max", r.maxMillis(), null));
            figures.add(Figure.value(side.name() + ": achieved rate", r.achievedRate(), "requests/s"));
            figures.add(Figure.value(side.name() + ": failed requests", r.failed(), "requests"));
            figures.add(Figure.value(side.name() + ": machine CPU per request", r.cpuMicrosPerRequest(), "µs"));
        }
        if (sides.size() >= 2) {
            figures.add(Figure.value("Feast p99 / Steward p99, same rate",
                    sides.get(1).result().millis(0.99) / sides.get(0).result().millis(0.99), "x"));
        }
        for (Side floor : floors) {
            OpenLoopLoad.Result r = floor.result();
            figures.add(Figure.latency(floor.name() + ": latency p50", r.millis(0.5), null));
            figures.add(Figure.latency(floor.name() + ": latency p99", r.millis(0.99), null));
            figures.add(Figure.latency(floor.name() + ": latency p99.9", r.millis(0.999), null));
            figures.add(Figure.value(floor.name() + ": machine CPU per request", r.cpuMicrosPerRequest(), "µs"));
        }
        return figures;
    }

    private List<String> notes(Machine machine, List<Side> sides, List<Side> floors, List<String> notes) {
        List<String> all = new ArrayList<>();
        if (machine.busy()) {
            all.add(String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on %d cores): other"
                    + " processes competed for the cores.", machine.loadBefore(), machine.cores()));
        }
        all.add("Latency runs from each request's due time on a fixed schedule to its full answer (open loop: a stall"
                + " delays and counts against every request due during it). Client, Steward's services, PostgreSQL and"
                + " Kafka share this JVM and the machine's cores; Feast's server runs in its own processes. CPU per request is"
                + " the CPU time every process on the machine spent during the measured run (client, server, database,"
                + " broker), less what they spend idle (sampled for 3 s just before), divided by the requests answered.");
        all.add("Steward: POST /api/v1/online-features with a bearer JWT (its signature verified once, then remembered"
                + " until steward.verified-token-max-age), the PostgreSQL online store, ttl enforced, per-feature"
                + " statuses; the database vacuumed and analysed after loading, before the warm-up. Feast: POST /get-online-features of `feast serve` (2 workers,"
                + " no access log, workers not recycled), SQLite online store, no authentication, no ttl online.");
        all.add("Floors: the same client, rate and requests against a bare HTTP server in this JVM (the JDK's, a virtual"
                + " thread per request) answering a fixed body of the size of Steward's answer, at once or after one"
                + " PostgreSQL read of the customer's three online rows through the feature store's own connection pool."
                + " No authentication, plan, decoding or JSON: about the least any HTTP service on this database can do here;"
                + " the gap to Steward's figures is Steward's own work. See HttpFloor.");
        for (Side side : concat(sides, floors)) {
            all.add(side.name() + ": " + windows(side.result(), side.rate()) + ".");
        }
        for (Side side : concat(sides, floors)) {
            if (side.result().firstFailure() != null) {
                all.add(side.name() + ": first failure: " + side.result().firstFailure());
            }
        }
        all.addAll(notes);
        return all;
    }

    private static List<Side> concat(List<Side> first, List<Side> second) {
        List<Side> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }
}
