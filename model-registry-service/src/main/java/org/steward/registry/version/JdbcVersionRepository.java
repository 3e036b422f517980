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
import java.util.Locale;
import java.util.Optional;

@Repository
class JdbcVersionRepository implements VersionRepository {

    /**
     * Versions with their latest reproduction that reached a verdict (see {@code version_reproduction}), which their
     * reproducibility evidence shows.
     */
    private static final String SELECT = """
            select v.*, r.verdict as reproduced_verdict, r.finished_at as reproduced_at, r.requested_by as reproduced_by,
                   r.differences as reproduced_differences
            from model_version v
            left join lateral (select verdict, finished_at, requested_by, differences from version_reproduction r
                               where r.model = v.model and r.version = v.version and r.status = 'SUCCEEDED'
                               order by r.finished_at desc limit 1) r on true
            """;

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
        return jdbc.sql(SELECT + "where v.model = ? and v.version = ?").params(model, version)
                .query(this::map).optional();
    }

    @Override
    public Optional<ModelVersion> findForUpdate(String model, int version) {
        return jdbc.sql(SELECT + "where v.model = ? and v.version = ? for update of v").params(model, version)
                .query(this::map).optional();
    }

    @Override
    public Optional<ModelVersion> findChampionForUpdate(String model) {
        return jdbc.sql(SELECT + "where v.model = ? and v.champion for update of v").param(model)
                .query(this::map).optional();
    }

    @Override
    public List<ModelVersion> list(String model) {
        return jdbc.sql(SELECT + "where v.model = ? order by v.version").param(model).query(this::map).list();
    }

    @Override
    public List<ModelVersion> search(VersionStatus status, UseCase useCase, String model, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + "join registered_model m on m.name = v.model where true");
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
                rs.getTimestamp("status_changed_at").toInstant(), reproduced(rs));
    }

    private ReproducibilityEvidence.Reproduced reproduced(ResultSet rs) throws SQLException {
        String verdict = rs.getString("reproduced_verdict");
        if (verdict == null) {
            return null;
        }
        List<String> differing = json.readTree(rs.getString("reproduced_differences")).valueStream()
                .map(d -> d.path("kind").asString().toLowerCase(Locale.ROOT)).distinct().toList();
        return new ReproducibilityEvidence.Reproduced(verdict.equals("IDENTICAL"), rs.getTimestamp("reproduced_at").toInstant(),
                rs.getString("reproduced_by"), differing);
    }
}
