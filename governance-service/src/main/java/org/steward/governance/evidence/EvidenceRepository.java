package org.steward.governance.evidence;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

/** The {@code evidence} table. Rows are only added; a rendering of the report updates its {@code report_sha256}. */
@Repository
public class EvidenceRepository {

    private static final String COLUMNS = "id, model, version, artifact_sha256, report_sha256, body, created_at, created_by";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EvidenceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(StoredEvidence evidence) {
        jdbc.sql("""
                        insert into evidence (id, model, version, artifact_sha256, report_sha256, gate_inputs, body,
                                              created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(evidence.id(), evidence.model(), evidence.version(), evidence.artifactSha256(),
                        evidence.reportSha256(), json.writeValueAsString(evidence.body().gateInputs().toJson()),
                        json.writeValueAsString(evidence.body()), Timestamp.from(evidence.createdAt()),
                        evidence.createdBy())
                .update();
    }

    /** The latest evidence for the version's given artifact: the one that counts. */
    public Optional<StoredEvidence> latest(String model, int version, String artifactSha256) {
        return jdbc.sql("select " + COLUMNS + " from evidence where model = ? and version = ? and artifact_sha256 = ?"
                        + " order by created_at desc, id limit 1")
                .params(model, version, artifactSha256).query(this::map).optional();
    }

    /** The latest evidence for the version, whatever artifact it was computed for. */
    public Optional<StoredEvidence> latest(String model, int version) {
        return jdbc.sql("select " + COLUMNS + " from evidence where model = ? and version = ?"
                        + " order by created_at desc, id limit 1")
                .params(model, version).query(this::map).optional();
    }

    /** Points the evidence at the PDF most recently rendered from it. */
    public void reportRendered(UUID evidenceId, String pdfSha256) {
        jdbc.sql("update evidence set report_sha256 = ? where id = ?").params(pdfSha256, evidenceId).update();
    }

    private StoredEvidence map(ResultSet rs, int row) throws SQLException {
        return new StoredEvidence(rs.getObject("id", UUID.class), rs.getString("model"), rs.getInt("version"),
                rs.getString("artifact_sha256"), rs.getString("report_sha256"),
                json.readValue(rs.getString("body"), Evidence.class), rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }
}
