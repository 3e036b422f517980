package org.steward.governance.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.steward.commons.audit.chain.AuditChain;
import org.steward.commons.audit.chain.Checkpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The chain and its checkpoints in PostgreSQL; both tables refuse UPDATE, DELETE and TRUNCATE. */
@Repository
class AuditChainStore {

    /** The last link: where the next event attaches. */
    record Head(long sequence, String hash) {
        static final Head GENESIS = new Head(0, AuditChain.GENESIS_HASH);
    }

    /** A link as stored: the canonical event text is exactly what was hashed. */
    record Link(long sequence, String eventId, Instant time, String source, String subject, String actor, String action,
                String event, String prevHash, String hash) {
    }

    /** Filters of the audit event search; null means "any". */
    record Filter(String subject, String actor, String action, Instant from, Instant to) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    AuditChainStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Serialises appenders across instances for the rest of the transaction. */
    void lockForAppend() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('steward-audit-chain'))").query().singleValue();
    }

    Head head() {
        return jdbc.sql("select sequence, hash from audit_chain order by sequence desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional().orElse(Head.GENESIS);
    }

    Set<String> existing(Collection<String> eventIds) {
        return new HashSet<>(jdbc.sql("select event_id from audit_chain where event_id = any(?)")
                .param(eventIds.toArray(String[]::new)).query(String.class).list());
    }

    void append(List<Link> links) {
        template.batchUpdate("""
                insert into audit_chain (sequence, event_id, event_time, source, subject, actor, action, event, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", links, links.size(), (ps, l) -> {
            ps.setLong(1, l.sequence());
            ps.setString(2, l.eventId());
            ps.setTimestamp(3, Timestamp.from(l.time()));
            ps.setString(4, l.source());
            ps.setString(5, l.subject());
            ps.setString(6, l.actor());
            ps.setString(7, l.action());
            ps.setString(8, l.event());
            ps.setString(9, l.prevHash());
            ps.setString(10, l.hash());
        });
    }

    /** Streams the whole chain in sequence order with a server-side cursor; call inside a transaction. */
    void forEach(Consumer<Link> consumer) {
        try (Stream<Link> links = stream()) {
            links.forEach(consumer);
        }
    }

    /** The whole chain in sequence order, read through a cursor; close the stream, inside a transaction. */
    Stream<Link> stream() {
        return template.queryForStream(con -> {
            var ps = con.prepareStatement("select * from audit_chain order by sequence");
            ps.setFetchSize(5_000);
            return ps;
        }, (rs, n) -> link(rs));
    }

    List<Link> find(Filter filter, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params);
        params.put("limit", size);
        params.put("offset", (long) page * size);
        return jdbc.sql("select * from audit_chain" + where + " order by sequence limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> link(rs))
                .list();
    }

    private static Link link(ResultSet rs) throws SQLException {
        return new Link(rs.getLong("sequence"), rs.getString("event_id"), rs.getTimestamp("event_time").toInstant(),
                rs.getString("source"), rs.getString("subject"), rs.getString("actor"), rs.getString("action"),
                rs.getString("event"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    long count(Filter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        return jdbc.sql("select count(*) from audit_chain" + where(filter, params)).params(params).query(Long.class).single();
    }

    private static String where(Filter f, Map<String, Object> params) {
        List<String> clauses = new ArrayList<>();
        if (f.subject() != null) {
            clauses.add("subject = :subject");
            params.put("subject", f.subject());
        }
        if (f.actor() != null) {
            clauses.add("actor = :actor");
            params.put("actor", f.actor());
        }
        if (f.action() != null) {
            clauses.add("action = :action");
            params.put("action", f.action());
        }
        if (f.from() != null) {
            clauses.add("event_time >= :from");
            params.put("from", Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            clauses.add("event_time < :to");
            params.put("to", Timestamp.from(f.to()));
        }
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    /** Inserts the checkpoint unless one already exists at its sequence; returns the one that stands. */
    Checkpoint insertCheckpoint(Checkpoint c, String createdBy) {
        jdbc.sql("""
                        insert into audit_checkpoint (sequence, head_hash, signed_at, key_id, signature, created_by)
                        values (?, ?, ?, ?, ?, ?) on conflict (sequence) do nothing""")
                .params(c.sequence(), c.headHash(), Timestamp.from(c.time()), c.keyId(), c.signature(), createdBy)
                .update();
        return checkpoints().stream().filter(k -> k.sequence() == c.sequence()).findFirst().orElseThrow();
    }

    List<Checkpoint> checkpoints() {
        return jdbc.sql("select * from audit_checkpoint order by sequence")
                .query((rs, n) -> new Checkpoint(rs.getLong("sequence"), rs.getString("head_hash"),
                        rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"), rs.getString("signature")))
                .list();
    }
}
