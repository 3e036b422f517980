package org.steward.training;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * The feature store's record of an immutable training-set snapshot, as its API returns it.
 *
 * @param contentSha256 SHA-256 of the snapshot's canonical CSV
 * @param columns       in the CSV's order
 * @param lineage       the feature service, view versions and transformations the rows were built from
 */
public record TrainingSet(String id, String featureService, int featureServiceVersion, boolean excludeCreatedAfter,
                          long rowCount, String contentSha256, List<Column> columns, JsonNode lineage) {

    public TrainingSet {
        columns = List.copyOf(columns);
    }

    /**
     * One column.
     *
     * @param type {@code int64}, {@code float64}, {@code bool}, {@code string} or {@code timestamp}
     * @param role {@code key}, {@code event_time}, {@code request}, {@code extra}, {@code feature} or
     *             {@code transformation}
     */
    public record Column(String name, String type, String role) {

        boolean numeric() {
            return type.equals("int64") || type.equals("float64");
        }

        /** Whether the column came with the entity rows rather than from the store. */
        boolean entity() {
            return switch (role) {
                case "key", "event_time", "request", "extra" -> true;
                default -> false;
            };
        }
    }

    /** Reads the record from the feature store's JSON. */
    public static TrainingSet fromJson(JsonNode json) {
        List<Column> columns = json.path("columns").valueStream().map(c -> new Column(c.path("name").asString(),
                c.path("type").asString(), c.path("role").asString())).toList();
        return new TrainingSet(Objects.requireNonNull(json.path("id").asString(null), "id"),
                json.path("featureService").asString(), json.path("featureServiceVersion").asInt(),
                json.path("excludeCreatedAfter").asBoolean(), json.path("rowCount").asLong(),
                json.path("contentSha256").asString(), columns, json.path("lineage"));
    }

    /** The feature view versions the rows were joined from, as {@code name@version}, in the record's order. */
    public List<String> featureViews() {
        return lineage.path("featureViews").valueStream()
                .map(v -> v.path("name").asString() + "@" + v.path("version").asInt()).toList();
    }
}
