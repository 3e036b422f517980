package org.steward.featurestore.trainingset;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An immutable point-in-time snapshot, as recorded: what was asked for, what it holds and where it came from.
 *
 * @param entityRowsSha256 SHA-256 of the entity rows exactly as uploaded
 * @param contentSha256    SHA-256 of the canonical CSV, which is what the CSV download returns
 * @param columns          the snapshot's columns in order: entity columns as uploaded, features, transformations
 * @param lineage          the feature service, view versions (with their ttl and offline table) and transformation
 *                         versions the rows were built from
 */
public record TrainingSet(UUID id, String name, String featureService, int featureServiceVersion,
                          boolean excludeCreatedAfter, String snapshotTable, long rowCount, String entityRowsSha256,
                          String contentSha256, List<Column> columns, JsonNode lineage, Instant createdAt,
                          String createdBy) {

    public TrainingSet {
        columns = List.copyOf(columns);
    }

    /** The record as the API, the job result and the events show it (the snapshot's table is internal). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id.toString());
        node.put("name", name);
        node.put("featureService", featureService);
        node.put("featureServiceVersion", featureServiceVersion);
        node.put("excludeCreatedAfter", excludeCreatedAfter);
        node.put("rowCount", rowCount);
        node.put("entityRowsSha256", entityRowsSha256);
        node.put("contentSha256", contentSha256);
        node.set("columns", columnsJson(columns));
        node.set("lineage", lineage);
        node.put("createdAt", createdAt.toString());
        node.put("createdBy", createdBy);
        return node;
    }

    static ArrayNode columnsJson(List<Column> columns) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Column c : columns) {
            ObjectNode column = array.addObject().put("name", c.name()).put("type", c.type().code())
                    .put("role", c.role().name().toLowerCase(Locale.ROOT));
            if (c.source() != null) {
                column.put("source", c.source());
            }
        }
        return array;
    }

    /** {@code training_set_} and the first 16 hex digits of the id: unique in practice, and short in SQL. */
    static String snapshotTable(UUID id) {
        return "training_set_" + id.toString().replace("-", "").substring(0, 16);
    }
}
