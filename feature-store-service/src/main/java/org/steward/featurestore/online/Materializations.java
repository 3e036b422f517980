package org.steward.featurestore.online;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.AuditRecord;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.Feature;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;
import org.steward.featurestore.job.Jobs;
import org.steward.featurestore.job.Progress;
import org.steward.featurestore.offline.OfflineTables;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Materialisation: brings the online store up to date with the offline store as of an end time, as a job.
 * PostgreSQL computes the latest row per key ({@code distinct on} the keys, ordered by the point-in-time join's
 * tie-break) and streams it; the store's conditional upsert merges it with what it holds, so runs can overlap,
 * repeat or arrive out of order and the store still ends at the latest row by the same rule as a training set.
 * <ul>
 *   <li>By range: the rows with event times in {@code (start, end]} (no start: everything up to {@code end}).</li>
 *   <li>Incremental: only what the last run's watermark has not covered — rows created since, and rows with event
 *       times after its end — so late corrections land with no full rescan.</li>
 * </ul>
 * The watermark's created bound is taken below the start of every transaction still open on the database, so a
 * row inserted by a transaction that commits after the run read is picked up by the next incremental run. (The
 * offline tables are written only by this service's own database role, whose sessions {@code pg_stat_activity}
 * always shows.)
 */
@Service
public class Materializations {

    public enum Mode { RANGE, INCREMENTAL }

    /**
     * @param version null for the latest version of the view
     * @param start   exclusive lower bound of event times, or null for no bound; not with {@code incremental}
     * @param end     inclusive upper bound of event times: the time the store is brought up to
     * @param incremental absent means false
     */
    public record Request(String featureView, Integer version, Instant start, Instant end, Boolean incremental) {

        public Request {
            incremental = Boolean.TRUE.equals(incremental);
        }
    }

    /**
     * One completed run.
     *
     * @param createdFrom for an incremental run, the previous watermark's created bound it read from
     * @param watermark   the created bound of the watermark the run left, or null if it left none
     */
    public record Run(UUID id, String featureView, int version, Mode mode, String backend, Instant start, Instant end,
                      Instant createdFrom, Instant watermark, long rowsRead, long rowsApplied, Instant startedAt,
                      Instant finishedAt, String createdBy) {
    }

    /** Below the start of every other open transaction: rows created before it are all committed. */
    private static final String SAFE_CREATED_BOUND = """
            select least(clock_timestamp(), (select min(xact_start) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null))""";

    private final DefinitionService definitions;
    private final OnlineStore store;
    private final Jobs jobs;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final int batchSize;

    Materializations(DefinitionService definitions, OnlineStore store, Jobs jobs, DataSource dataSource, JdbcClient jdbc,
                     TransactionTemplate transaction, AuditLog audit, Outbox outbox, JsonMapper json, Clock clock,
                     OnlineProperties properties) {
        this.definitions = definitions;
        this.store = store;
        this.jobs = jobs;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.batchSize = properties.materializationBatchSize();
    }

    /**
     * Checks the request and queues the run.
     *
     * @return the job's id
     * @throws StewardException invalid (400), not found (404), or conflict (409) for an incremental run that would
     *                          go back before the watermark
     */
    public UUID submit(Request request) {
        if (request.featureView() == null || request.featureView().isBlank()) {
            throw StewardException.invalid("featureView is required");
        }
        if (request.end() == null) {
            throw StewardException.invalid("end is required: the event time to materialise up to (inclusive), e.g. \"2025-06-30T00:00:00Z\"");
        }
        if (request.incremental() && request.start() != null) {
            throw StewardException.invalid("an incremental run starts from the stored watermark; leave out start");
        }
        if (request.start() != null && !request.start().isBefore(request.end())) {
            throw StewardException.invalid("start (" + request.start() + ") must be before end (" + request.end() + ")");
        }
        Catalog catalog = definitions.catalog();
        FeatureView view = (request.version() == null ? catalog.latestFeatureView(request.featureView())
                : catalog.featureView(request.featureView(), request.version()))
                .orElseThrow(() -> StewardException.notFound("Feature view", "no feature view " + request.featureView()
                        + (request.version() == null ? "" : "@" + request.version()) + "; GET /api/v1/definitions lists them"));
        if (request.incremental()) {
            refuseGoingBack(ViewVersion.of(view), store.watermark(ViewVersion.of(view)), request.end());
        }
        List<JoinKey> keys = OfflineTables.joinKeys(view, catalog);
        String actor = audit.currentActor();
        return jobs.submit("materialization", actor, progress -> json.valueToTree(run(view, keys, request, actor, progress)));
    }

    /** The most recent completed runs, newest first, optionally of one view. */
    public List<Run> runs(String featureView, int limit) {
        return jdbc.sql("select * from materialization_run where (cast(? as text) is null or view = ?) "
                        + "order by finished_at desc limit ?")
                .params(featureView, featureView, limit)
                .query((rs, n) -> new Run(rs.getObject("id", UUID.class), rs.getString("view"), rs.getInt("version"),
                        Mode.valueOf(rs.getString("mode")), rs.getString("backend"), instant(rs, "range_start"),
                        instant(rs, "range_end"), instant(rs, "created_from"), instant(rs, "watermark"), rs.getLong("rows_read"),
                        rs.getLong("rows_applied"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("created_by")))
                .list();
    }

    /** An incremental run continues from the watermark, so it cannot bring the store back to an earlier end. */
    private static void refuseGoingBack(ViewVersion view, Optional<Watermark> watermark, Instant end) {
        watermark.filter(w -> end.isBefore(w.eventTimeEnd())).ifPresent(w -> {
            throw StewardException.conflict("Behind the watermark", view.reference() + " is materialised up to "
                    + w.eventTimeEnd() + "; an incremental run cannot go back to " + end
                    + " (run by range to rebuild an earlier state)");
        });
    }

    private Run run(FeatureView view, List<JoinKey> keys, Request request, String actor, Progress progress) throws SQLException {
        ViewVersion version = ViewVersion.of(view);
        Instant startedAt = clock.instant();
        Optional<Watermark> previous = store.watermark(version);
        if (request.incremental()) {
            refuseGoingBack(version, previous, request.end());  // again: another run may have moved it since the submit
        }
        Watermark from = request.incremental() ? previous.orElse(null) : null;
        Streamed streamed = stream(view, keys, request, from, progress);
        // Only a run from the beginning of time vouches for every key; it must not move the watermark's end back.
        Watermark left = request.start() == null && previous.map(w -> !request.end().isBefore(w.eventTimeEnd())).orElse(true)
                ? new Watermark(streamed.createdBound(), request.end()) : null;
        if (left != null) {
            store.saveWatermark(version, left);
        }
        Run run = new Run(UUID.randomUUID(), view.name(), view.version(), request.incremental() ? Mode.INCREMENTAL : Mode.RANGE,
                store.backend(), request.start(), request.end(), from == null ? null : from.createdBefore(),
                left == null ? null : left.createdBefore(), streamed.read(), streamed.applied(), startedAt, clock.instant(), actor);
        record(run, view);
        return run;
    }

    /** What one run read and wrote, and the created bound below which it saw every committed row. */
    private record Streamed(long read, long applied, Instant createdBound) {
    }

    /** Streams the latest candidate rows out of PostgreSQL and into the store, a batch at a time. */
    private Streamed stream(FeatureView view, List<JoinKey> keys, Request request, Watermark from, Progress progress)
            throws SQLException {
        ViewVersion version = ViewVersion.of(view);
        long read = 0;
        long applied = 0;
        Instant createdBound;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement bound = c.prepareStatement(SAFE_CREATED_BOUND); ResultSet rs = bound.executeQuery()) {
                rs.next();
                createdBound = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            // A new statement, so a new snapshot: every row created before the bound is committed and visible to it.
            try (PreparedStatement latest = c.prepareStatement(latestRows(view, keys, request.start(), from))) {
                latest.setFetchSize(batchSize);
                int p = 1;
                latest.setObject(p++, OffsetDateTime.ofInstant(request.end(), ZoneOffset.UTC));
                if (request.start() != null) {
                    latest.setObject(p++, OffsetDateTime.ofInstant(request.start(), ZoneOffset.UTC));
                }
                if (from != null) {
                    latest.setObject(p++, OffsetDateTime.ofInstant(from.createdBefore(), ZoneOffset.UTC));
                    latest.setObject(p, OffsetDateTime.ofInstant(from.eventTimeEnd(), ZoneOffset.UTC));
                }
                try (ResultSet rs = latest.executeQuery()) {
                    List<OnlineRow> batch = new ArrayList<>(batchSize);
                    while (rs.next()) {
                        batch.add(row(rs, view, keys));
                        if (batch.size() == batchSize) {
                            read += batch.size();
                            applied += store.upsert(version, batch);
                            batch.clear();
                            progress.update(read, null, "wrote " + applied + " of " + read + " latest rows to the "
                                    + store.backend() + " online store");
                        }
                    }
                    read += batch.size();
                    applied += store.upsert(version, batch);
                }
            }
            c.commit();
        }
        return new Streamed(read, applied, createdBound);
    }

    private void record(Run run, FeatureView view) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("insert into materialization_run (id, view, version, mode, backend, range_start, range_end, created_from, "
                            + "watermark, rows_read, rows_applied, started_at, finished_at, created_by) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(run.id(), run.featureView(), run.version(), run.mode().name(),
                            run.backend(), timestamp(run.start()), timestamp(run.end()), timestamp(run.createdFrom()),
                            timestamp(run.watermark()), run.rowsRead(), run.rowsApplied(), timestamp(run.startedAt()),
                            timestamp(run.finishedAt()), run.createdBy())
                    .update();
            String subject = "feature-view/" + view.reference();
            ObjectNode after = json.valueToTree(run);
            CloudEvent audited = audit.record(new AuditRecord(run.createdBy(), "feature-view.materialized", subject, null, after,
                    run.mode() == Mode.INCREMENTAL ? "incremental materialisation up to " + run.end()
                            : "materialisation of (" + (run.start() == null ? "-infinity" : run.start()) + ", " + run.end() + "]"));
            outbox.append(Topics.FEATURES, CloudEvent.of(audited.source(), "feature-view.materialized", subject, clock.instant(), after));
        });
    }

    /**
     * The latest offline row per key among the candidates, by the point-in-time join's order. Parameters: end,
     * then start if given, then the previous watermark's created bound and end if incremental.
     */
    static String latestRows(FeatureView view, List<JoinKey> keys, Instant start, Watermark from) {
        String keyList = keys.stream().map(k -> OfflineTables.quote(k.name())).collect(Collectors.joining(", "));
        String columns = Stream.concat(Stream.of(keyList, "event_time", "created"),
                view.features().stream().map(f -> OfflineTables.quote(f.name()))).collect(Collectors.joining(", "));
        return "select distinct on (" + keyList + ") " + columns + " from " + OfflineTables.table(view)
                + " where event_time <= ?"
                + (start == null ? "" : " and event_time > ?")
                + (from == null ? "" : " and (created >= ? or event_time > ?)")
                + " order by " + keyList + ", event_time desc, created desc, row_seq desc";
    }

    private static OnlineRow row(ResultSet rs, FeatureView view, List<JoinKey> keys) throws SQLException {
        List<Object> keyValues = new ArrayList<>(keys.size());
        int column = 1;
        for (JoinKey key : keys) {
            keyValues.add(value(rs, column++, key.type()));
        }
        Instant eventTime = rs.getObject(column++, OffsetDateTime.class).toInstant();
        Instant created = rs.getObject(column++, OffsetDateTime.class).toInstant();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Feature feature : view.features()) {
            values.put(feature.name(), value(rs, column++, feature.type()));
        }
        return new OnlineRow(EntityKeys.encode(keyValues), eventTime, created, FeatureValues.encode(values));
    }

    private static Object value(ResultSet rs, int column, FeatureType type) throws SQLException {
        Object value = switch (type) {
            case INT64 -> rs.getLong(column);
            case FLOAT64 -> rs.getDouble(column);
            case BOOL -> rs.getBoolean(column);
            case STRING -> rs.getString(column);
        };
        return rs.wasNull() ? null : value;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
