package org.steward.featurestore.online;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.steward.testsupport.examples.ExampleFiles;
import org.steward.testsupport.identity.DemoIdentity;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency proof: on the same offline data, a training set built as of T and the online store materialised
 * up to T and read with the clock at T give identical values for every entity and every feature and
 * transformation. The data is generated (seeded) to hold what makes the two hard to keep equal: rows on the ttl
 * boundary and past it, rows after T, several rows per key, ties on event time broken by the created time, late
 * corrections written after the first materialisation (and landed by an incremental run), nulls, awkward strings,
 * entities without data and a duplicate entity row. A brute-force point-in-time join checks both sides.
 * Subclasses run it on each online store backend.
 */
abstract class ConsistencyProof extends OnlineIntegrationSupport {

    private static final Instant T = Instant.parse("2025-06-30T12:00:00Z");
    private static final String[] STRINGS = {"own", "rent", "free", "", "comma, \"quote\"", "line\nbreak", "ü €"};

    private record ViewSpec(String name, List<String> keys, int ttlDays, List<String> features, List<String> types) {
        List<String> columns() {
            return Stream.of(keys, List.of("event_time", "created"), features).flatMap(List::stream).toList();
        }
    }

    private static final List<ViewSpec> VIEWS = List.of(
            new ViewSpec("proof_profile", List.of("customer_id"), 365, List.of("age", "housing", "income"),
                    List.of("int64", "string", "float64")),
            new ViewSpec("proof_activity", List.of("customer_id", "account_id"), 30, List.of("balance", "overdrawn"),
                    List.of("float64", "bool")),
            new ViewSpec("proof_risk", List.of("account_id"), 0, List.of("score", "segment"), List.of("float64", "string")));

    /** One offline row as the test wrote it: the brute-force reference reads these. */
    private record Written(ViewSpec view, List<Object> keys, Instant eventTime, Instant created, List<Object> values) {
    }

    private final Random random = new Random(20250630);
    private final List<Written> written = new ArrayList<>();
    private int sequence;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void aTrainingSetAsOfTAndTheOnlineStoreMaterialisedUpToTAgreeOnEveryValue() {
        apply("""
                entities:
                  - {name: proof_customer, joinKeys: [{name: customer_id, type: string}]}
                  - {name: proof_account, joinKeys: [{name: account_id, type: int64}]}
                featureViews:
                  - name: proof_profile
                    entities: [proof_customer]
                    ttl: 365d
                    owner: dana
                    features: [{name: age, type: int64}, {name: housing, type: string}, {name: income, type: float64}]
                  - name: proof_activity
                    entities: [proof_customer, proof_account]
                    ttl: 30d
                    owner: dana
                    features: [{name: balance, type: float64}, {name: overdrawn, type: bool}]
                  - name: proof_risk
                    entities: [proof_account]
                    ttl: 0
                    owner: dana
                    features: [{name: score, type: float64}, {name: segment, type: string}]
                transformations:
                  - {name: proof_balance_ratio, type: float64, expression: "proof_activity__balance / proof_profile__income"}
                  - {name: proof_ask_ratio, type: float64, expression: "requested_amount / coalesce(proof_profile__income, 1.0)"}
                  - {name: proof_overdrawn_flag, type: int64, expression: "case when proof_activity__overdrawn then 1 else 0 end"}
                featureServices:
                  - name: proof_service
                    features: ["proof_profile:age", "proof_profile:housing", "proof_profile:income", "proof_activity:balance",
                               "proof_activity:overdrawn", "proof_risk:score", "proof_risk:segment"]
                    transformations: [proof_balance_ratio, proof_ask_ratio, proof_overdrawn_flag]
                    requestFeatures: [{name: requested_amount, type: float64}]
                """);

        List<Map<String, Object>> entities = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entities.add(Map.of("customer_id", "c" + i, "account_id", 1000L + i, "requested_amount", random.nextDouble() * 20_000));
        }
        entities.add(entities.get(3));  // a duplicate entity row
        entities.add(Map.of("customer_id", "nobody", "account_id", 999_999L, "requested_amount", 1.5));

        for (ViewSpec view : VIEWS) {
            insert(view.name(), view.columns(), firstRows(view, entities));
        }
        VIEWS.forEach(view -> assertSucceeded(materialize(Map.of("featureView", view.name(), "incremental", true, "end", T.toString()))));
        clock.holdAt(T);
        JsonNode beforeCorrections = onlineFeatures(onlineRequest(entities)).get("results");

        for (ViewSpec view : VIEWS) {
            insert(view.name(), view.columns(), lateRows(view));
        }
        VIEWS.forEach(view -> assertSucceeded(materialize(Map.of("featureView", view.name(), "incremental", true, "end", T.toString()))));

        clock.holdAt(T);
        JsonNode online = onlineFeatures(onlineRequest(entities));
        JsonNode trainingSet = trainingSet(entities);
        List<Map<String, Object>> training = rows(trainingSet);
        Map<String, String> columnTypes = new LinkedHashMap<>();
        trainingSet.get("record").get("columns").forEach(c -> {
            if (List.of("feature", "transformation").contains(c.get("role").asString())) {
                columnTypes.put(c.get("name").asString(), c.get("type").asString());
            }
        });
        assertThat(columnTypes).hasSize(10);

        JsonNode results = online.get("results");
        assertThat(results).hasSize(entities.size());
        assertThat(training).hasSize(entities.size());
        Map<OnlineFeatures.Status, Integer> seen = new EnumMap<>(OnlineFeatures.Status.class);
        int corrected = 0;
        for (int i = 0; i < entities.size(); i++) {
            JsonNode result = results.get(i);
            Map<String, Object> expected = reference(entities.get(i));
            for (Map.Entry<String, String> column : columnTypes.entrySet()) {
                String name = column.getKey();
                Object servedValue = typed(column.getValue(), result.get("values").get(name));
                assertThat(servedValue).as("entity %s (row %d), %s: online vs training set", entities.get(i), i, name)
                        .isEqualTo(training.get(i).get(name));
                if (expected.containsKey(name)) {
                    assertThat(servedValue).as("entity %s, %s: online vs brute force", entities.get(i), name)
                            .isEqualTo(expected.get(name));
                }
                seen.merge(OnlineFeatures.Status.valueOf(result.get("statuses").get(name).asString()), 1, Integer::sum);
                if (!Objects.equals(servedValue, typed(column.getValue(), beforeCorrections.get(i).get("values").get(name)))) {
                    corrected++;
                }
            }
        }
        assertThat(seen).as("the data exercises every status").containsKeys(OnlineFeatures.Status.values());
        assertThat(corrected).as("late corrections changed served values").isPositive();
    }

    /** 0 to 4 rows per key, at event times around T chosen so ties, the ttl boundary and rows after T all occur. */
    private List<List<Object>> firstRows(ViewSpec view, List<Map<String, Object>> entities) {
        long[] offsets = view.ttlDays() == 0 ? new long[]{0, 1, 3, 100, 1000, -1}
                : new long[]{0, 1, 3, view.ttlDays() - 1, view.ttlDays(), view.ttlDays() + 1, 2L * view.ttlDays(), -1};
        List<List<Object>> rows = new ArrayList<>();
        entities.stream().filter(e -> !e.get("customer_id").equals("nobody")).map(e -> view.keys().stream().map(e::get).toList())
                .distinct().forEach(keys -> {
                    int n = random.nextInt(5);
                    for (int r = 0; r < n; r++) {
                        Instant eventTime = T.minus(Duration.ofDays(offsets[random.nextInt(offsets.length)]));
                        rows.add(write(view, keys, eventTime, eventTime.plusSeconds(++sequence)));
                    }
                });
        return rows;
    }

    /** Rows written after the first materialisation: corrections at an existing event time, older and newer events. */
    private List<List<Object>> lateRows(ViewSpec view) {
        List<List<Object>> rows = new ArrayList<>();
        List<Written> existing = written.stream().filter(w -> w.view() == view).toList();
        for (Written w : existing) {
            if (random.nextInt(3) == 0) {
                Instant eventTime = switch (random.nextInt(4)) {
                    case 0, 1 -> w.eventTime();                        // a correction: same event time, written later
                    case 2 -> w.eventTime().minus(Duration.ofDays(1)); // an older event, written later
                    default -> w.eventTime().plus(Duration.ofHours(6)); // a newer event, maybe after T
                };
                rows.add(write(view, w.keys(), eventTime, Instant.now().plusMillis(++sequence)));
            }
        }
        return rows;
    }

    private List<Object> write(ViewSpec view, List<Object> keys, Instant eventTime, Instant created) {
        List<Object> values = new ArrayList<>();
        for (String type : view.types()) {
            values.add(random.nextInt(7) == 0 ? null : switch (type) {
                case "int64" -> (long) (18 + random.nextInt(70));
                case "float64" -> random.nextDouble() * 10_000;
                case "bool" -> random.nextBoolean();
                default -> STRINGS[random.nextInt(STRINGS.length)];
            });
        }
        written.add(new Written(view, keys, eventTime, created, values));
        List<Object> row = new ArrayList<>(keys);
        row.add(eventTime);
        row.add(created);
        row.addAll(values);
        return row;
    }

    /** The point-in-time join by brute force over the rows as written: the view features of one entity at T. */
    private Map<String, Object> reference(Map<String, Object> entity) {
        Map<String, Object> expected = new HashMap<>();
        for (ViewSpec view : VIEWS) {
            List<Object> keys = view.keys().stream().map(entity::get).toList();
            Written latest = written.stream()
                    .filter(w -> w.view() == view && w.keys().equals(keys) && !w.eventTime().isAfter(T))
                    .filter(w -> view.ttlDays() == 0 || !w.eventTime().isBefore(T.minus(Duration.ofDays(view.ttlDays()))))
                    .max(Comparator.comparing(Written::eventTime).thenComparing(Written::created)).orElse(null);
            for (int f = 0; f < view.features().size(); f++) {
                expected.put(view.name() + "__" + view.features().get(f), latest == null ? null : latest.values().get(f));
            }
        }
        return expected;
    }

    private static Map<String, Object> onlineRequest(List<Map<String, Object>> entities) {
        return Map.of("featureService", "proof_service",
                "entities", entities.stream().map(e -> Map.of("customer_id", e.get("customer_id"), "account_id", e.get("account_id"))).toList(),
                "requestFeatures", entities.stream().map(e -> Map.of("requested_amount", e.get("requested_amount"))).toList());
    }

    /** Builds the training set through its API; returns {record, csv}. */
    private JsonNode trainingSet(List<Map<String, Object>> entities) {
        StringBuilder csv = new StringBuilder("customer_id,account_id,event_time,requested_amount\n");
        entities.forEach(e -> csv.append(e.get("customer_id")).append(',').append(e.get("account_id")).append(',').append(T)
                .append(',').append(e.get("requested_amount")).append('\n'));
        var client = as(DemoIdentity.DANA);
        Response created = client.post().uri("/api/v1/training-sets?featureService=proof_service")
                .contentType(MediaType.parseMediaType("text/csv")).body(csv.toString())
                .exchange((req, res) -> new Response(res.getStatusCode().value(), json.readTree(res.getBody().readAllBytes())));
        assertThat(created.status()).as("training set: %s", created.body()).isEqualTo(201);
        String data = client.get().uri("/api/v1/training-sets/{id}/data?format=csv", created.body().get("id").asString())
                .retrieve().body(String.class);
        return json.createObjectNode().<tools.jackson.databind.node.ObjectNode>set("record", created.body()).put("csv", data);
    }

    /** The training set's rows, each value typed by its column's type (an empty field is null, {@code ""} empty). */
    private static List<Map<String, Object>> rows(JsonNode trainingSet) {
        Map<String, String> types = new HashMap<>();
        trainingSet.get("record").get("columns").forEach(c -> types.put(c.get("name").asString(), c.get("type").asString()));
        List<List<String>> records = ExampleFiles.csvRecords(trainingSet.get("csv").asString());
        List<String> header = records.getFirst();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String text = record.get(c);
                row.put(header.get(c), text == null ? null : switch (types.get(header.get(c))) {
                    case "int64" -> Long.parseLong(text);
                    case "float64" -> Double.parseDouble(text);
                    case "bool" -> Boolean.parseBoolean(text);
                    default -> text;
                });
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object typed(String type, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case "int64" -> value.asLong();
            case "float64" -> value.asDouble();
            case "bool" -> value.asBoolean();
            default -> value.asString();
        };
    }

    private static void assertSucceeded(JsonNode job) {
        assertThat(job.get("state").asString()).as("%s", job).isEqualTo("SUCCEEDED");
    }
}
