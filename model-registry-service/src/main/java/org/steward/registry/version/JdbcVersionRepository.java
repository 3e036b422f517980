package org.steward.registry.version;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.steward.registry.model.UseCase;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Repository
class JdbcVersionRepository implements VersionRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcVersionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public int nextVersion(String model) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from model_version where model = ?").param(model)
                .query(Integer.class).single();
    }

    @Override
    public void insert(ModelVersion v) {
        jdbc.sql("""
                        insert into model_version (model, version, status, champion, challenger, format, artifact_sha256,
                            artifact_size, description, input_signature, metrics, params, lineage, lineage_sha256,
                            created_at, created_by, status_changed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""")
                .params(v.model(), v.version(), v.status().code(), v.holds(Alias.CHAMPION), v.holds(Alias.CHALLENGER),
                        v.format().code(), v.artifactSha256(), v.artifactSize(), v.description(),
                        json.writeValueAsString(v.inputSignature()), json.writeValueAsString(v.metrics()),
                        json.writeValueAsString(v.params()), json.writeValueAsString(v.lineage()), v.lineageSha256(),
                        Timestamp.from(v.createdAt()), v.createdBy(), Timestamp.from(v.statusChangedAt()))
                .update();
    }

    @Override
    public Optional<ModelVersion> find(String model, int version) {
        return jdbc.sql("select * from model_version where model = ? and version = ?").params(model, version)
                .query(this::map).optional();
    }

    @Override
    public Optional<ModelVersion> findForUpdate(String model, int version) {
        return jdbc.sql("select * from model_version where model = ? and version = ? for update").params(model, version)
                .query(this::map).optional();
    }

    @Override
    public Optional<ModelVersion> findChampionForUpdate(String model) {
        return jdbc.sql("select * from model_version where model = ? and champion for update").param(model)
                .query(this::map).optional();
    }

    @Override
    public List<ModelVersion> list(String model) {
        return jdbc.sql("select * from model_version where model = ? order by version").param(model).query(this::map).list();
    }

    @Override
    public List<ModelVersion> search(VersionStatus status, UseCase useCase, String model, int limit) {
        StringBuilder sql = new StringBuilder("select v.* from model_version v join registered_model m on m.name = v.model where true");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" and v.status = ?");
            params.add(status.code());
        }
        if (useCase != null) {
            sql.append(" and m.use_case = ?");
            params.add(useCase.code());
        }
        if (model != null) {
            sql.append(" and v.model = ?");
            params.add(model);
        }
        sql.append(" order by v.created_at desc, v.model, v.version desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    @Override
    public void update(String model, int version, VersionStatus status, List<Alias> aliases, Instant statusChangedAt) {
        jdbc.sql("update model_version set status = ?, champion = ?, challenger = ?, status_changed_at = ? "
                        + "where model = ? and version = ?")
                .params(status.code(), aliases.contains(Alias.CHAMPION), aliases.contains(Alias.CHALLENGER),
                        Timestamp.from(statusChangedAt), model, version)
                .update();
    }

    private ModelVersion map(ResultSet rs, int row) throws SQLException {
        List<Alias> aliases = new ArrayList<>();
        if (rs.getBoolean("champion")) {
            aliases.add(Alias.CHAMPION);
        }
        if (rs.getBoolean("challenger")) {
            aliases.add(Alias.CHALLENGER);
        }
        return new ModelVersion(rs.getString("model"), rs.getInt("version"), VersionStatus.fromCode(rs.getString("status")),
                aliases, ArtifactFormat.fromCode(rs.getString("format")), rs.getString("artifact_sha256"),
                rs.getLong("artifact_size"), rs.getString("description"),
                json.readValue(rs.getString("input_signature"), InputSignature.class),
                json.readTree(rs.getString("metrics")), json.readTree(rs.getString("params")),
                json.readValue(rs.getString("lineage"), Lineage.class), rs.getString("lineage_sha256"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                rs.getTimestamp("status_changed_at").toInstant());
    }
}
