package org.steward.governance.catalog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The projection's tables. Writes never move a row backwards: an older copy of a model or version changes nothing. */
@Repository
public class CatalogRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CatalogRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts the model, or replaces its card if this copy is at least as recent; the champion is kept. */
    void upsertModel(CatalogModel m) {
        jdbc.sql("""
                        insert into catalog_model (name, use_case, risk_tier, owner, protected_attributes, reason_codes,
                            decision_policy, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (name) do update set use_case = excluded.use_case, risk_tier = excluded.risk_tier,
                            owner = excluded.owner, protected_attributes = excluded.protected_attributes,
                            reason_codes = excluded.reason_codes, decision_policy = excluded.decision_policy,
                            updated_at = excluded.updated_at
                        where catalog_model.updated_at <= excluded.updated_at""")
                .params(m.name(), m.useCase(), m.riskTier(), m.owner(), json.writeValueAsString(m.protectedAttributes()),
                        json.writeValueAsString(m.reasonCodes()), m.decisionPolicy(), Timestamp.from(m.updatedAt()))
                .update();
    }

    void setChampion(String model, Integer version) {
        jdbc.sql("update catalog_model set champion_version = ? where name = ?").params(version, model).update();
    }

    /** Inserts the version unless it is known: its registration is immutable, its status moves only by events. */
    void insertVersion(CatalogVersion v) {
        jdbc.sql("""
                        insert into catalog_version (model, version, status, format, artifact_sha256, registered_by, metrics,
                            lineage, registered_at, status_changed_at, validated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (model, version) do nothing""")
                .params(v.model(), v.version(), v.status(), v.format(), v.artifactSha256(), v.registeredBy(), v.metrics(),
                        v.lineage(), Timestamp.from(v.registeredAt()), timestamp(v.statusChangedAt()),
                        timestamp(v.validatedAt()))
                .update();
    }

    /** Records a status change; the validation time is kept when the version becomes validated. */
    boolean changeStatus(String model, int version, String to, String artifactSha256, Instant at) {
        return jdbc.sql("""
                        update catalog_version set status = ?, artifact_sha256 = coalesce(?, artifact_sha256),
                            status_changed_at = ?, validated_at = case when ? = 'validated' then ? else validated_at end
                        where model = ? and version = ?""")
                .params(to, artifactSha256, Timestamp.from(at), to, Timestamp.from(at), model, version)
                .update() == 1;
    }

    public Optional<CatalogModel> model(String name) {
        return jdbc.sql("select * from catalog_model where name = ?").param(name).query(this::mapModel).optional();
    }

    public List<CatalogModel> models() {
        return jdbc.sql("select * from catalog_model order by name").query(this::mapModel).list();
    }

    public Optional<CatalogVersion> version(String model, int version) {
        return jdbc.sql("select * from catalog_version where model = ? and version = ?").params(model, version)
                .query(CatalogRepository::mapVersion).optional();
    }

    /** The version, locked until the end of the transaction, so acts on one version happen one at a time. */
    public Optional<CatalogVersion> versionForUpdate(String model, int version) {
        return jdbc.sql("select * from catalog_version where model = ? and version = ? for update").params(model, version)
                .query(CatalogRepository::mapVersion).optional();
    }

    public List<CatalogVersion> versions(String model) {
        return jdbc.sql("select * from catalog_version where model = ? order by version").param(model)
                .query(CatalogRepository::mapVersion).list();
    }

    public List<CatalogVersion> versionsBy(String author) {
        return jdbc.sql("select * from catalog_version where registered_by = ? order by model, version").param(author)
                .query(CatalogRepository::mapVersion).list();
    }

    private CatalogModel mapModel(ResultSet rs, int row) throws SQLException {
        Object champion = rs.getObject("champion_version");
        return new CatalogModel(rs.getString("name"), rs.getString("use_case"), rs.getInt("risk_tier"),
                rs.getString("owner"), json.readValue(rs.getString("protected_attributes"), STRINGS),
                json.readValue(rs.getString("reason_codes"), STRING_MAP), rs.getString("decision_policy"),
                champion == null ? null : ((Number) champion).intValue(), rs.getTimestamp("updated_at").toInstant());
    }

    private static CatalogVersion mapVersion(ResultSet rs, int row) throws SQLException {
        return new CatalogVersion(rs.getString("model"), rs.getInt("version"), rs.getString("status"),
                rs.getString("format"), rs.getString("artifact_sha256"), rs.getString("registered_by"),
                rs.getString("metrics"), rs.getString("lineage"), rs.getTimestamp("registered_at").toInstant(),
                instant(rs.getTimestamp("status_changed_at")), instant(rs.getTimestamp("validated_at")));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
