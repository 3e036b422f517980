package org.steward.featurestore.trainingset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.steward.commons.boot.StewardApplication;
import org.steward.commons.json.Sha256;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.offline.OfflineTables;
import org.steward.testsupport.RealInfrastructureExtension;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On random small data — a few keys, event times on a coarse grid so that ties are common, ties broken by distinct
 * created times, rows created after the entity's time, ttl unlimited and limited, entities with no feature rows,
 * duplicate entity rows, one to three views, the entity rows joined in up to three parts on as many connections —
 * the training set equals a brute-force reference written here in
 * plain Java, with and without {@code excludeCreatedAfter}. The service runs in one Spring context for all tries.
 */
class PointInTimePropertyTest {

    private static final String SCHEMA = "feature_store_pit_property";
    private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx").withZone(ZoneOffset.UTC);

    static final String DEFINITIONS = """
            entities:
              - {name: pcust, joinKeys: [{name: cid, type: string}]}
              - {name: pacct, joinKeys: [{name: acct, type: int64}]}
            featureViews:
              - {name: pa, entities: [pcust], ttl: 0, owner: dana, source: {type: batch},
                 features: [{name: x, type: int64}, {name: s, type: string}]}
              - {name: pb, entities: [pcust], ttl: 90m, owner: dana, source: {type: batch},
                 features: [{name: y, type: float64}]}
              - {name: pc, entities: [pcust, pacct], ttl: 60m, owner: dana, source: {type: batch},
                 features: [{name: z, type: bool}]}
            featureServices:
              - {name: ps_a, features: ["pa:x", "pa:s"]}
              - {name: ps_ab, features: ["pa:x", "pb:y"]}
              - {name: ps_abc, features: ["pa:s", "pb:y", "pc:z", "pa:x"]}
              - {name: ps_c, features: ["pc:z"]}
            """;

    /** The views as the reference sees them: name, ttl, whether keyed by account too, and their features. */
    enum View {
        PA("pa", Duration.ZERO, false), PB("pb", Duration.ofMinutes(90), false), PC("pc", Duration.ofMinutes(60), true);

        final String name;
        final Duration ttl;
        final boolean byAccount;

        View(String name, Duration ttl, boolean byAccount) {
            this.name = name;
            this.ttl = ttl;
            this.byAccount = byAccount;
        }
    }

    static final Map<String, List<String>> SERVICES = Map.of(
            "ps_a", List.of("pa:x", "pa:s"),
            "ps_ab", List.of("pa:x", "pb:y"),
            "ps_abc", List.of("pa:s", "pb:y", "pc:z", "pa:x"),
            "ps_c", List.of("pc:z"));

    record FeatureRow(View view, int customer, int account, int eventStep, int createdDelay, Integer value) {
    }

    record EntityRow(int customer, int account, int timeStep, boolean duplicated) {
    }

    record Stored(FeatureRow row, Instant eventTime, Instant created) {
    }

    private static ConfigurableApplicationContext context;
    private static TrainingSetService trainingSets;
    private static JdbcTemplate jdbc;

    @BeforeContainer
    static void start() {
        RealInfrastructureExtension.start();
        // As arguments, which outrank the service's own configuration file (builder properties are only defaults).
        context = StewardApplication.builder(FeatureStoreApplication.class, "feature-store")
                .run("--steward.service.schema=" + SCHEMA, "--server.port=0",
                        // the rows of a build split across up to three joining connections, as a large build's do
                        "--steward.training-sets.join-connections=3", "--steward.training-sets.min-rows-per-part=1");
        DefinitionService definitions = context.getBean(DefinitionService.class);
        definitions.apply(YAMLMapper.builder().build().readTree(DEFINITIONS), false);
        Catalog catalog = definitions.catalog();
        OfflineTables offline = context.getBean(OfflineTables.class);
        for (View view : View.values()) {
            offline.ensurePartitions(catalog.latestFeatureView(view.name).orElseThrow(), BASE, BASE.plus(Duration.ofDays(1)));
        }
        assertThat(context.getBean(TrainingSetBuilder.class).rowsPerPart(12)).as("twelve entity rows make twelve parts")
                .isEqualTo(1);
        trainingSets = context.getBean(TrainingSetService.class);
        jdbc = context.getBean(JdbcTemplate.class);
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * @param farFuture a row years after every entity's time, in the default partition: it never matches, but it
     *                  takes the join off the pruned partition plan (see {@link PartitionSpan}) onto the merged one
     */
    @Property(tries = 50)
    void trainingSetsEqualTheBruteForceReference(@ForAll("services") String service,
                                                 @ForAll("featureRows") List<FeatureRow> featureRows,
                                                 @ForAll("entityRows") List<EntityRow> entityRows,
                                                 @ForAll boolean farFuture) throws Exception {
        List<Stored> stored = store(featureRows);
        if (farFuture) {
            for (View view : View.values()) {
                jdbc.update("insert into offline_" + view.name + "_v1 (cid, " + (view.byAccount ? "acct, " : "")
                        + "event_time, batch_id) values ('c1', " + (view.byAccount ? "1, " : "")
                        + "'2031-01-01', gen_random_uuid())");
            }
        }
        List<EntityRow> entities = new ArrayList<>();
        for (EntityRow row : entityRows) {
            entities.add(row);
            if (row.duplicated()) {
                entities.add(row);
            }
        }
        byte[] upload = entityCsv(entities);
        for (boolean excludeCreatedAfter : List.of(false, true)) {
            TrainingSetService.Submission submission = trainingSets.create(
                    new TrainingSetService.Request(service, null, excludeCreatedAfter, null), new ByteArrayInputStream(upload),
                    "property-test");
            TrainingSet built = ((TrainingSetService.Submission.Built) submission).trainingSet();
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            try (InputStream content = trainingSets.download(built.id(), TrainingSetService.Format.CSV, "property-test").content()) {
                content.transferTo(csv);
            }

            assertThat(csv.toString(StandardCharsets.UTF_8)).as("excludeCreatedAfter=" + excludeCreatedAfter)
                    .isEqualTo(reference(service, stored, entities, excludeCreatedAfter));
            assertThat(Sha256.hex(csv.toByteArray())).isEqualTo(built.contentSha256());
            assertThat(built.rowCount()).isEqualTo(entities.size());
        }
    }

    @Provide
    Arbitrary<String> services() {
        return Arbitraries.of(SERVICES.keySet().stream().sorted().toList());
    }

    @Provide
    Arbitrary<List<FeatureRow>> featureRows() {
        return Combinators.combine(Arbitraries.of(View.class), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 12),
                        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(-20, 20).injectNull(0.15))
                .as(FeatureRow::new).list().ofMinSize(5).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<EntityRow>> entityRows() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(-1, 16), Arbitraries.of(false, false, false, true))
                .as(EntityRow::new).list().ofMinSize(1).ofMaxSize(15);
    }

    /** Replaces the offline rows; created times are distinct within a key and event time, so every tie has a winner. */
    private static List<Stored> store(List<FeatureRow> rows) {
        List<Stored> stored = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (FeatureRow row : rows) {
            Instant eventTime = BASE.plus(STEP.multipliedBy(row.eventStep()));
            Instant created = eventTime.plus(STEP.multipliedBy(row.createdDelay()));
            String group = row.view() + "|" + row.customer() + "|" + (row.view().byAccount ? row.account() : 0) + "|" + eventTime;
            while (!used.add(group + "|" + created)) {
                created = created.plus(Duration.ofMinutes(1));
            }
            stored.add(new Stored(row, eventTime, created));
        }
        for (View view : View.values()) {
            jdbc.execute("truncate offline_" + view.name + "_v1");
        }
        for (Stored s : stored) {
            FeatureRow row = s.row();
            Object[] common = {"c" + row.customer(), Timestamp.from(s.eventTime()), Timestamp.from(s.created()), UUID.randomUUID()};
            switch (row.view()) {
                case PA -> jdbc.update("insert into offline_pa_v1 (cid, event_time, created, batch_id, x, s) values (?, ?, ?, ?, ?, ?)",
                        common[0], common[1], common[2], common[3], row.value() == null ? null : (long) row.value(), text(row.value()));
                case PB -> jdbc.update("insert into offline_pb_v1 (cid, event_time, created, batch_id, y) values (?, ?, ?, ?, ?)",
                        common[0], common[1], common[2], common[3], row.value() == null ? null : row.value() / 4.0);
                case PC -> jdbc.update("insert into offline_pc_v1 (cid, acct, event_time, created, batch_id, z) values (?, ?, ?, ?, ?, ?)",
                        common[0], (long) row.account(), common[1], common[2], common[3], row.value() == null ? null : row.value() % 2 == 0);
            }
        }
        return stored;
    }

    /** Some values need quoting in CSV, and one is an empty string, which must stay distinct from null. */
    private static String text(Integer value) {
        if (value == null) {
            return null;
        }
        return value == 0 ? "" : value % 3 == 0 ? "s" + value + ",\"q\"" : "s" + value;
    }

    /** Keys, a time in one of three spellings of ISO-8601, and a label that passes through. */
    private static byte[] entityCsv(List<EntityRow> entities) {
        StringBuilder csv = new StringBuilder("cid,acct,event_time,label\n");
        for (int i = 0; i < entities.size(); i++) {
            EntityRow row = entities.get(i);
            Instant t = time(row);
            String spelled = switch (i % 3) {
                case 0 -> t.toString();
                case 1 -> SPACED.format(t);
                default -> t.atOffset(ZoneOffset.ofHours(1)).toString();
            };
            csv.append('c').append(row.customer()).append(',').append(row.account()).append(',').append(spelled).append(',')
                    .append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Instant time(EntityRow row) {
        return BASE.plus(STEP.multipliedBy(row.timeStep()));
    }

    /** The contract, by brute force: for each row and feature, the latest eligible feature row, ties to the latest created. */
    private static String reference(String service, List<Stored> stored, List<EntityRow> entities, boolean excludeCreatedAfter) {
        List<String> features = SERVICES.get(service);
        StringBuilder csv = new StringBuilder("cid,acct,event_time,label");
        features.forEach(f -> csv.append(',').append(f.replace(":", "__")));
        csv.append('\n');
        for (int i = 0; i < entities.size(); i++) {
            EntityRow entity = entities.get(i);
            Instant t = time(entity);
            csv.append('c').append(entity.customer()).append(',').append(entity.account()).append(',').append(t).append(',').append(i);
            for (String feature : features) {
                View view = View.valueOf(feature.substring(0, 2).toUpperCase());
                Optional<Stored> match = stored.stream()
                        .filter(s -> s.row().view() == view && s.row().customer() == entity.customer())
                        .filter(s -> !view.byAccount || s.row().account() == entity.account())
                        .filter(s -> !s.eventTime().isAfter(t))
                        .filter(s -> view.ttl.isZero() || !s.eventTime().isBefore(t.minus(view.ttl)))
                        .filter(s -> !excludeCreatedAfter || !s.created().isAfter(t))
                        .max(Comparator.comparing(Stored::eventTime).thenComparing(Stored::created));
                csv.append(',');
                Integer value = match.map(s -> s.row().value()).orElse(null);
                if (value != null) {
                    csv.append(switch (feature) {
                        case "pa:x" -> Long.toString(value);
                        case "pa:s" -> quoted(text(value));
                        case "pb:y" -> Double.toString(value / 4.0);
                        case "pc:z" -> Boolean.toString(value % 2 == 0);
                        default -> throw new IllegalArgumentException(feature);
                    });
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String quoted(String text) {
        return text.isEmpty() || text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
