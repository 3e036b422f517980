package org.steward.governance.approval;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Acts (append-only) and findings. */
@Repository
public class ApprovalRepository {

    /** A version, by name and number. */
    public record VersionKey(String model, int version) {
    }

    private final JdbcClient jdbc;

    ApprovalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Act act, String model, int version) {
        jdbc.sql("""
                        insert into approval_act (id, model, version, act, actor, artifact_sha256, report_sha256, reason, event_type, acted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(act.id(), model, version, act.type().code(), act.actor(), act.artifactSha256(), act.reportSha256(),
                        act.reason(), act.eventType(), Timestamp.from(act.at()))
                .update();
    }

    /** The version's acts in the order they happened. */
    public List<Act> acts(String model, int version) {
        return jdbc.sql("select * from approval_act where model = ? and version = ? order by sequence").params(model, version)
                .query((rs, n) -> new Act(rs.getObject("id", UUID.class), ActType.fromCode(rs.getString("act")).orElseThrow(),
                        rs.getString("actor"), rs.getString("artifact_sha256"), rs.getString("report_sha256"),
                        rs.getString("reason"), rs.getString("event_type"), rs.getTimestamp("acted_at").toInstant()))
                .list();
    }

    /** Versions that have been submitted at least once: the candidates of the validators' and approvers' queues. */
    List<VersionKey> submitted() {
        return jdbc.sql("select distinct model, version from approval_act where act = 'submit' order by model, version")
                .query((rs, n) -> new VersionKey(rs.getString("model"), rs.getInt("version"))).list();
    }

    /** When the model was last validated, on any version. */
    public Optional<Instant> lastValidation(String model) {
        return jdbc.sql("select acted_at from approval_act where model = ? and act = 'validate' order by sequence desc limit 1")
                .param(model).query((rs, n) -> rs.getTimestamp(1).toInstant()).optional();
    }

    void insert(Finding f) {
        jdbc.sql("""
                        insert into finding (id, model, version, severity, status, text, owner, due_on, raised_by, raised_at, act_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(f.id(), f.model(), f.version(), f.severity().code(), f.status().code(), f.text(), f.owner(),
                        f.dueOn(), f.raisedBy(), Timestamp.from(f.raisedAt()), f.actId())
                .update();
    }

    void update(UUID id, FindingStatus status, String resolution, String by, Instant at) {
        jdbc.sql("update finding set status = ?, resolution = ?, updated_by = ?, updated_at = ? where id = ?")
                .params(status.code(), resolution, by, Timestamp.from(at), id)
                .update();
    }

    public List<Finding> findings(String model, int version) {
        return jdbc.sql("select * from finding where model = ? and version = ? order by raised_at, id").params(model, version)
                .query(ApprovalRepository::finding).list();
    }

    /** Open findings of the model's versions, counted by severity. */
    public Map<Severity, Long> openFindings(String model) {
        return jdbc.sql("select severity from finding where model = ? and status = 'open'").param(model)
                .query((rs, n) -> Severity.fromCode(rs.getString(1)).orElseThrow()).list().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    private static Finding finding(ResultSet rs, int row) throws SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        return new Finding(rs.getObject("id", UUID.class), rs.getString("model"), rs.getInt("version"),
                Severity.fromCode(rs.getString("severity")).orElseThrow(),
                FindingStatus.fromCode(rs.getString("status")).orElseThrow(), rs.getString("text"), rs.getString("owner"),
                rs.getObject("due_on", LocalDate.class), rs.getString("raised_by"), rs.getTimestamp("raised_at").toInstant(),
                rs.getObject("act_id", UUID.class), rs.getString("resolution"), rs.getString("updated_by"),
                updated == null ? null : updated.toInstant());
    }
}
