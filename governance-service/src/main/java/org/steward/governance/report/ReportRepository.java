package org.steward.governance.report;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code report} table: rendered reports by content address, each naming the evidence and inputs it shows. */
@Repository
class ReportRepository {

    private final JdbcClient jdbc;

    ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a rendering; the same bytes (same address) are kept once. */
    void insert(StoredReport report, String format, byte[] content, Instant at, String by) {
        jdbc.sql("""
                        insert into report (sha256, model, version, artifact_sha256, format, content, created_at,
                                            created_by, evidence_id, inputs_sha256)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (sha256) do nothing""")
                .params(report.sha256(format), report.model(), report.version(), report.artifactSha256(), format,
                        content, Timestamp.from(at), by, report.evidenceId(), report.inputsSha256())
                .update();
    }

    /** The rendering of exactly these inputs, if there is one. */
    Optional<StoredReport> find(UUID evidenceId, String inputsSha256) {
        return jdbc.sql("""
                        select p.sha256 as pdf, h.sha256 as html, p.model, p.version, p.artifact_sha256
                        from report p join report h on h.evidence_id = p.evidence_id
                                                   and h.inputs_sha256 = p.inputs_sha256 and h.format = 'html'
                        where p.evidence_id = ? and p.inputs_sha256 = ? and p.format = 'pdf'
                        limit 1""")
                .params(evidenceId, inputsSha256)
                .query((rs, n) -> new StoredReport(rs.getString("model"), rs.getInt("version"),
                        rs.getString("artifact_sha256"), evidenceId, inputsSha256, rs.getString("pdf"),
                        rs.getString("html")))
                .optional();
    }

    Optional<byte[]> content(String sha256) {
        return jdbc.sql("select content from report where sha256 = ?").param(sha256).query(byte[].class).optional();
    }
}
