package org.steward.featurestore.ingest;

import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import org.steward.featurestore.offline.OfflineTables;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Batches in PostgreSQL: their records, their original content as large objects, the COPY of their rows into the
 * offline store, and the positions of the stream sources. Writes join the caller's transaction.
 */
@Repository
class BatchStore {

    private static final int CHUNK = 1 << 20;
    private static final TypeReference<List<Violation>> REPORT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;

    BatchStore(JdbcClient jdbc, DataSource dataSource, JsonMapper json) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records {@code batch} with its content, streamed into a new large object; inside a transaction. */
    void insert(Batch batch, InputStream content) {
        long oid = withConnection(connection -> {
            LargeObjectManager objects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
            long created = objects.createLO(LargeObjectManager.READWRITE);
            LargeObject object = objects.open(created, LargeObjectManager.WRITE);
            try {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = content.read(buffer)) > 0; ) {
                    object.write(buffer, 0, n);
                }
            } finally {
                object.close();
            }
            return created;
        });
        jdbc.sql("insert into ingest_batch (id, view, version, format, source, status, rows, violations, report, "
                        + "min_event_time, max_event_time, content, content_bytes, content_sha256, created_at, created_by, replay_of) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(batch.id(), batch.view(), batch.version(), batch.format().code(), batch.source(),
                        batch.status().name(), batch.rows(), batch.violationCount(), json.writeValueAsString(batch.report()),
                        timestamp(batch.minEventTime()), timestamp(batch.maxEventTime()), oid, batch.contentBytes(),
                        batch.contentSha256(), timestamp(batch.createdAt()), batch.createdBy(), batch.replayOf())
                .update();
    }

    /** Loads COPY text lines (the schema's columns, then the batch id) into the view's offline table. */
    long copy(IngestSchema schema, InputStream lines) {
        String columns = schema.columns().stream().map(c -> OfflineTables.quote(c.name())).collect(Collectors.joining(", "));
        String sql = "copy " + OfflineTables.table(schema.view()) + " (" + columns + ", batch_id) from stdin";
        return withConnection(connection -> connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, lines, CHUNK));
    }

    /**
     * Marks a quarantined batch replayed by {@code by}, with every other quarantined attempt at the same data: the
     * batches it was itself a replay of and their other replays. Returns false if it is no longer quarantined.
     */
    boolean markReplayed(UUID id, UUID by) {
        if (jdbc.sql("update ingest_batch set status = 'REPLAYED', replayed_by = ? where id = ? and status = 'QUARANTINED'")
                .params(by, id).update() == 0) {
            return false;
        }
        jdbc.sql("""
                        with recursive up (id, replay_of) as (
                            select id, replay_of from ingest_batch where id = ?
                            union all
                            select b.id, b.replay_of from ingest_batch b join up on b.id = up.replay_of),
                        down (id) as (
                            select id from up where replay_of is null
                            union all
                            select b.id from ingest_batch b join down on b.replay_of = down.id)
                        update ingest_batch set status = 'REPLAYED', replayed_by = ?
                        where id in (select id from down) and status = 'QUARANTINED'""")
                .params(id, by).update();
        return true;
    }

    Optional<Batch> find(UUID id) {
        return jdbc.sql("select * from ingest_batch where id = ?").param(id).query(this::batch).optional();
    }

    /** The newest batches first, optionally only those with {@code status} or of {@code view}. */
    List<Batch> list(Batch.Status status, String view, int limit) {
        return jdbc.sql("select * from ingest_batch where (cast(? as text) is null or status = ?) "
                        + "and (cast(? as text) is null or view = ?) order by created_at desc, id limit ?")
                .params(status == null ? null : status.name(), status == null ? null : status.name(), view, view, limit)
                .query(this::batch).list();
    }

    /** Streams a batch's original content to {@code out}, in a read-only transaction of its own. */
    void writeContent(UUID id, OutputStream out) throws IOException {
        long oid = jdbc.sql("select content from ingest_batch where id = ?").param(id).query(Long.class).single();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                LargeObject object = connection.unwrap(PGConnection.class).getLargeObjectAPI().open(oid, LargeObjectManager.READ);
                try {
                    byte[] buffer = new byte[CHUNK];
                    for (int n; (n = object.read(buffer, 0, buffer.length)) > 0; ) {
                        out.write(buffer, 0, n);
                    }
                } finally {
                    object.close();
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new UncategorizedSQLException("read batch content", null, e);
        }
    }

    /**
     * The next offset to apply for each of {@code partitions} of a stream source's topic, locked until the end of
     * the transaction so two consumers of the same partition (during a rebalance) cannot both apply a message.
     */
    Map<Integer, Long> lockPositions(String group, String topic, SortedSet<Integer> partitions) {
        Map<Integer, Long> next = new TreeMap<>();
        for (int partition : partitions) {
            jdbc.sql("insert into ingest_stream_position (consumer_group, topic, partition, next_offset) values (?, ?, ?, 0) "
                    + "on conflict do nothing").params(group, topic, partition).update();
            next.put(partition, jdbc.sql("select next_offset from ingest_stream_position where consumer_group = ? and topic = ? "
                    + "and partition = ? for update").params(group, topic, partition).query(Long.class).single());
        }
        return next;
    }

    void savePositions(String group, String topic, Map<Integer, Long> next) {
        next.forEach((partition, offset) -> jdbc.sql("update ingest_stream_position set next_offset = ? "
                + "where consumer_group = ? and topic = ? and partition = ?").params(offset, group, topic, partition).update());
    }

    /** Where a consumer group resumes, per partition, when partitions are assigned to it. */
    Map<Integer, Long> positions(String group, String topic) {
        Map<Integer, Long> next = new TreeMap<>();
        jdbc.sql("select partition, next_offset from ingest_stream_position where consumer_group = ? and topic = ?")
                .params(group, topic).query(rs -> {
                    next.put(rs.getInt(1), rs.getLong(2));
                });
        return next;
    }

    private Batch batch(ResultSet rs, int row) throws SQLException {
        return new Batch(rs.getObject("id", UUID.class), rs.getString("view"), rs.getInt("version"),
                BatchFormat.fromCode(rs.getString("format")).orElseThrow(), rs.getString("source"),
                Batch.Status.valueOf(rs.getString("status")), rs.getLong("rows"), rs.getLong("violations"),
                json.readValue(rs.getString("report"), REPORT), instant(rs, "min_event_time"),
                instant(rs, "max_event_time"), rs.getLong("content_bytes"), rs.getString("content_sha256"),
                instant(rs, "created_at"), rs.getString("created_by"), rs.getObject("replay_of", UUID.class),
                rs.getObject("replayed_by", UUID.class));
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    /** Runs {@code work} on the connection of the current transaction, where large objects and COPY must run. */
    private <T> T withConnection(ConnectionWork<T> work) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new UncategorizedSQLException("batch storage", null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
