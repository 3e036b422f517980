package org.steward.registry.reproduction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.steward.commons.instance.ServiceInstance;
import org.steward.training.Reproduction;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class JdbcReproductionRepository implements ReproductionRepository {

    private static final TypeReference<List<Reproduction.Difference>> DIFFERENCES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NOTES = new TypeReference<>() {
    };
    private static final TypeReference<List<VersionReproduction.Step>> STEPS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcReproductionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void insert(VersionReproduction r, String runner) {
        jdbc.sql("""
                        insert into version_reproduction (id, model, version, status, rebuild_from_sources, requested_by,
                            requested_at, recorded_artifact_sha256, runner)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.model(), r.version(), r.status().name(), r.rebuildFromSources(), r.requestedBy(),
                        Timestamp.from(r.requestedAt()), r.recordedArtifactSha256(), runner)
                .update();
    }

    @Override
    public boolean update(VersionReproduction r, ReproductionStatus from) {
        return jdbc.sql("""
                        update version_reproduction set status = ?, started_at = ?, finished_at = ?, verdict = ?,
                            reproduced_artifact_sha256 = ?, differences = ?::jsonb, notes = ?::jsonb, steps = ?::jsonb,
                            failure = ?
                        where id = ? and status = ?""")
                .params(r.status().name(), timestamp(r.startedAt()), timestamp(r.finishedAt()),
                        r.verdict() == null ? null : r.verdict().name(), r.reproducedArtifactSha256(),
                        json.writeValueAsString(r.differences()), json.writeValueAsString(r.notes()),
                        json.writeValueAsString(r.steps()), r.failure(), r.id(), from.name())
                .update() == 1;
    }

    @Override
    public Optional<VersionReproduction> find(String model, int version, UUID id) {
        return jdbc.sql("select * from version_reproduction where model = ? and version = ? and id = ?")
                .params(model, version, id).query(this::map).optional();
    }

    @Override
    public List<VersionReproduction> list(String model, int version) {
        return jdbc.sql("select * from version_reproduction where model = ? and version = ? order by requested_at desc, id")
                .params(model, version).query(this::map).list();
    }

    @Override
    public Optional<VersionReproduction> findActive(String model, int version) {
        return jdbc.sql("select * from version_reproduction where model = ? and version = ? and status in ('QUEUED', 'RUNNING')")
                .params(model, version).query(this::map).optional();
    }

    @Override
    public List<VersionReproduction> lockAbandoned(ServiceInstance sweeper) {
        return jdbc.sql("select * from version_reproduction where status in ('QUEUED', 'RUNNING') and "
                        + sweeper.gone("runner") + " order by requested_at for update skip locked")
                .query(this::map).list();
    }

    private VersionReproduction map(ResultSet rs, int row) throws SQLException {
        String verdict = rs.getString("verdict");
        return new VersionReproduction(rs.getObject("id", UUID.class), rs.getString("model"), rs.getInt("version"),
                ReproductionStatus.valueOf(rs.getString("status")), rs.getBoolean("rebuild_from_sources"),
                rs.getString("requested_by"), instant(rs, "requested_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), verdict == null ? null : Verdict.valueOf(verdict),
                rs.getString("recorded_artifact_sha256"), rs.getString("reproduced_artifact_sha256"),
                json.readValue(rs.getString("differences"), DIFFERENCES), json.readValue(rs.getString("notes"), NOTES),
                json.readValue(rs.getString("steps"), STEPS), rs.getString("failure"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
