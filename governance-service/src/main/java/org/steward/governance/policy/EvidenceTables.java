package org.steward.governance.policy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads the evidence tables by their contract: the latest {@code evidence} row for a version's artifact holds the
 * gates' inputs, and the latest PDF in {@code report} is the validation report acts are bound to. The workflow reads
 * the rows rather than asking the evidence service, because that service renders reports from the workflow's facts:
 * depending on it here would make the two depend on each other.
 */
@Repository
public class EvidenceTables {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EvidenceTables(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Evidence> latest(String model, int version, String artifactSha256) {
        return jdbc.sql("""
                        select id, gate_inputs, report_sha256 from evidence
                        where model = ? and version = ? and artifact_sha256 = ?
                        order by created_at desc, id limit 1""")
                .params(model, version, artifactSha256)
                .query((rs, n) -> new Evidence(rs.getObject("id", UUID.class),
                        GateInputs.of(json.readTree(rs.getString("gate_inputs"))), rs.getString("report_sha256")))
                .optional();
    }

    /**
     * The PDF reports rendered from the artifact's latest evidence: what validators and approvers may bind to. A
     * report re-rendered from the same evidence (to show later acts) leaves earlier acts standing; new evidence
     * (new data, a recomputation) makes them stale.
     */
    public java.util.Set<String> currentReports(String model, int version, String artifactSha256) {
        return new java.util.HashSet<>(jdbc.sql("""
                        select r.sha256 from report r
                        where r.format = 'pdf' and r.evidence_id = (
                            select id from evidence where model = ? and version = ? and artifact_sha256 = ?
                            order by created_at desc, id limit 1)""")
                .params(model, version, artifactSha256)
                .query(String.class)
                .list());
    }

    /** The SHA-256 of the latest PDF validation report rendered for the artifact: what a reviewer reads now. */
    public Optional<String> latestReport(String model, int version, String artifactSha256) {
        return jdbc.sql("""
                        select sha256 from report where model = ? and version = ? and artifact_sha256 = ? and format = 'pdf'
                        order by created_at desc, sha256 limit 1""")
                .params(model, version, artifactSha256)
                .query(String.class)
                .optional();
    }
}
