package org.steward.governance.policy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Gate configuration, stored evaluations and policy exceptions. Evaluations and exceptions are never rewritten. */
@Repository
public class PolicyRepository {

    private final JdbcClient jdbc;

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every configured gate, by tier and then in the order gates are evaluated. */
    public List<GateConfig> gates() {
        return jdbc.sql("select * from policy_gate").query((rs, n) -> {
                    Object threshold = rs.getObject("threshold");
                    return new GateConfig(rs.getInt("risk_tier"), gate(rs.getString("gate")), rs.getBoolean("enabled"),
                            threshold == null ? null : ((Number) threshold).doubleValue());
                }).stream()
                .sorted(Comparator.comparingInt(GateConfig::riskTier).thenComparing(GateConfig::gate))
                .toList();
    }

    void replaceGates(List<GateConfig> gates, String by, Instant at) {
        jdbc.sql("delete from policy_gate").update();
        for (GateConfig g : gates) {
            jdbc.sql("insert into policy_gate (risk_tier, gate, enabled, threshold, updated_at, updated_by) values (?, ?, ?, ?, ?, ?)")
                    .params(g.riskTier(), g.gate().code(), g.enabled(), g.threshold(), Timestamp.from(at), by)
                    .update();
        }
    }

    void save(GateEvaluation e) {
        jdbc.sql("""
                        insert into gate_evaluation (id, model, version, artifact_sha256, risk_tier, evidence_id, evaluated_at, evaluated_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.id(), e.model(), e.version(), e.artifactSha256(), e.riskTier(), e.evidenceId(),
                        Timestamp.from(e.evaluatedAt()), e.evaluatedBy())
                .update();
        for (int i = 0; i < e.results().size(); i++) {
            GateResult r = e.results().get(i);
            jdbc.sql("""
                            insert into gate_result (evaluation_id, position, gate, attribute, passed, value, threshold, comparison, message)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(e.id(), i, r.gate().code(), r.attribute(), r.passed(), r.value(), r.threshold(),
                            r.gate().comparison().symbol(), r.message())
                    .update();
        }
    }

    /** The latest evaluation of the version's gates for this artifact. */
    public Optional<GateEvaluation> latestEvaluation(String model, int version, String artifactSha256) {
        return jdbc.sql("""
                        select * from gate_evaluation where model = ? and version = ? and artifact_sha256 = ?
                        order by evaluated_at desc, id limit 1""")
                .params(model, version, artifactSha256)
                .query((rs, n) -> new GateEvaluation(rs.getObject("id", UUID.class), rs.getString("model"),
                        rs.getInt("version"), rs.getString("artifact_sha256"), rs.getInt("risk_tier"),
                        rs.getObject("evidence_id", UUID.class), rs.getTimestamp("evaluated_at").toInstant(),
                        rs.getString("evaluated_by"), List.of()))
                .optional()
                .map(e -> new GateEvaluation(e.id(), e.model(), e.version(), e.artifactSha256(), e.riskTier(), e.evidenceId(),
                        e.evaluatedAt(), e.evaluatedBy(), results(e.id())));
    }

    private List<GateResult> results(UUID evaluation) {
        return jdbc.sql("select * from gate_result where evaluation_id = ? order by position").param(evaluation)
                .query((rs, n) -> new GateResult(gate(rs.getString("gate")), rs.getString("attribute"), rs.getBoolean("passed"),
                        number(rs, "value"), number(rs, "threshold"), rs.getString("message")))
                .list();
    }

    void insert(PolicyException e) {
        jdbc.sql("""
                        insert into policy_exception (id, model, version, artifact_sha256, gate, reason, expires_on, granted_by, granted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.id(), e.model(), e.version(), e.artifactSha256(), e.gate().code(), e.reason(), e.expiresOn(),
                        e.grantedBy(), Timestamp.from(e.grantedAt()))
                .update();
    }

    /** The version's exceptions, oldest first. */
    public List<PolicyException> exceptions(String model, int version) {
        return jdbc.sql("select * from policy_exception where model = ? and version = ? order by granted_at, id")
                .params(model, version).query(PolicyRepository::exception).list();
    }

    private static PolicyException exception(ResultSet rs, int row) throws SQLException {
        return new PolicyException(rs.getObject("id", UUID.class), rs.getString("model"), rs.getInt("version"),
                rs.getString("artifact_sha256"), gate(rs.getString("gate")), rs.getString("reason"),
                rs.getObject("expires_on", LocalDate.class), rs.getString("granted_by"),
                rs.getTimestamp("granted_at").toInstant());
    }

    private static Gate gate(String code) {
        return Gate.fromCode(code).orElseThrow(() -> new IllegalStateException("unknown gate '" + code + "' in the database"));
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
