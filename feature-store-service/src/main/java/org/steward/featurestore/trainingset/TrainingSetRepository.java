package org.steward.featurestore.trainingset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The {@code training_set} records; rows are inserted once and never changed (a trigger refuses it). */
@Repository
class TrainingSetRepository {

    private static final String COLUMNS = "id, name, feature_service, feature_service_version, exclude_created_after, "
            + "snapshot_table, row_count, entity_rows_sha256, content_sha256, columns, lineage, created_at, created_by";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TrainingSetRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(TrainingSet t) {
        jdbc.sql("insert into training_set (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")
                .params(t.id(), t.name(), t.featureService(), t.featureServiceVersion(), t.excludeCreatedAfter(),
                        t.snapshotTable(), t.rowCount(), t.entityRowsSha256(), t.contentSha256(),
                        json.writeValueAsString(TrainingSet.columnsJson(t.columns())), json.writeValueAsString(t.lineage()),
                        Timestamp.from(t.createdAt()), t.createdBy())
                .update();
    }

    Optional<TrainingSet> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from training_set where id = ?").param(id).query(this::map).optional();
    }

    /** The newest first, optionally of one feature service. */
    List<TrainingSet> list(String featureService, int limit) {
        return jdbc.sql("select " + COLUMNS + " from training_set where (?::text is null or feature_service = ?) "
                        + "order by created_at desc, id limit ?")
                .params(featureService, featureService, limit).query(this::map).list();
    }

    private TrainingSet map(ResultSet rs, int row) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : json.readTree(rs.getString("columns"))) {
            columns.add(new Column(c.get("name").asString(), ColumnType.valueOf(c.get("type").asString().toUpperCase(Locale.ROOT)),
                    Column.Role.valueOf(c.get("role").asString().toUpperCase(Locale.ROOT)),
                    c.has("source") ? c.get("source").asString() : null));
        }
        return new TrainingSet(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("feature_service"),
                rs.getInt("feature_service_version"), rs.getBoolean("exclude_created_after"), rs.getString("snapshot_table"),
                rs.getLong("row_count"), rs.getString("entity_rows_sha256"), rs.getString("content_sha256"), columns,
                json.readTree(rs.getString("lineage")), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
