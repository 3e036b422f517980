package org.steward.featurestore.trainingset;

import org.steward.featurestore.definition.FeatureRef;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.JoinKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of a training set. The join is one statement: per view a {@code LEFT JOIN LATERAL} that takes the
 * first row of the offline table's point-in-time index — same keys, {@code event_time <= T} (and
 * {@code >= T - ttl} unless the ttl is unlimited, and {@code created <= T} when late rows are excluded), ordered by
 * event time then created time, both descending — so an entity row without a match keeps nulls and is never
 * dropped, and duplicate entity rows stay as uploaded, in row-number order. The entity rows are visited in key and
 * time order, so that consecutive lookups read the same index and table pages; the result is then put back in
 * row order.
 */
final class PointInTimeSql {

    /** The entity rows of one build, visible only to its own connection and gone when its transaction ends. */
    static final String ENTITY_TABLE = "pit_entity_rows";
    private static final String BYTEWISE = " collate \"C\"";

    private PointInTimeSql() {
    }

    static String createEntityTable(List<Column> entityColumns) {
        return "create temporary table " + ENTITY_TABLE + " (" + EntityFile.ROW_NUMBER + " bigint not null, "
                + definitions(entityColumns) + ") on commit drop";
    }

    /** Makes a reading transaction see exactly what the first reader's exported snapshot sees. */
    static String importSnapshot(String snapshotId) {
        if (!snapshotId.matches("[0-9A-F-]+")) {
            throw new IllegalArgumentException("not a snapshot id: " + snapshotId);
        }
        return "set transaction snapshot '" + snapshotId + "'";
    }

    static String copyEntityRows() {
        return "copy " + ENTITY_TABLE + " from stdin (format binary)";
    }

    static String analyzeEntityTable() {
        return "analyze " + ENTITY_TABLE;
    }

    /**
     * Settings for the join's transaction. Sorting is left only where nothing else can do: with a default partition
     * beside the yearly ones the planner would otherwise sort each lookup's candidates (every row of the key in the
     * window) where merging the partitions' index scans reads one row from each. No lookup repeats its keys and time
     * often enough to be worth memoizing; the sorts of the whole entity set get memory to run in. No JIT: the
     * sorts the planner may not avoid cost it ten billion, far past every JIT threshold, so a server built with
     * LLVM would compile and optimise each part's expressions — cheap ones, run per lookup — and the part would take
     * 15 % longer (measured on Debian's PostgreSQL 15).
     */
    static List<String> joinSettings() {
        return List.of("set local enable_sort = off", "set local enable_memoize = off", "set local work_mem = '256MB'",
                "set local jit = off");
    }

    /**
     * The join's rows for the entity rows numbered {@code fromRow} to {@code toRow}: {@code row_number}, the entity
     * columns, then the service's features in its order.
     *
     * @param spans        by offline table, the span its partitions cover when no row lies outside it (see
     *                     {@link PartitionSpan})
     * @param bytewiseKeys the offline tables whose string keys have the collation {@code C} (see
     *                     {@link #bytewiseKeys}): the entity rows' keys are compared with theirs, and visited, in it
     */
    static String join(TrainingSetPlan plan, List<Column> entityColumns, boolean excludeCreatedAfter,
                       Map<String, PartitionSpan> spans, Set<String> bytewiseKeys, long fromRow, long toRow) {
        List<String> select = new ArrayList<>();
        select.add("e." + EntityFile.ROW_NUMBER);
        entityColumns.forEach(c -> select.add("e." + quote(c.name())));
        List<String> laterals = new ArrayList<>();
        for (int i = 0; i < plan.views().size(); i++) {
            TrainingSetPlan.ViewJoin view = plan.views().get(i);
            String alias = "v" + i;
            List<String> conditions = new ArrayList<>();
            for (JoinKey key : view.keys()) {
                conditions.add("o." + quote(key.name()) + " = e." + quote(key.name())
                        + (bytewise(key, List.of(view), bytewiseKeys) ? BYTEWISE : ""));
            }
            conditions.add("o.event_time <= e.event_time");
            Duration ttl = view.view().ttl();
            if (!ttl.isZero()) {
                conditions.add("o.event_time >= e.event_time - interval '" + ttl.getSeconds() + " seconds "
                        + ttl.getNano() / 1_000 + " microseconds'");
            }
            if (excludeCreatedAfter) {
                conditions.add("o.created <= e.event_time");
            }
            PartitionSpan span = spans.get(view.table());
            if (span != null) {
                conditions.add("o.event_time >= '" + span.from() + "' and o.event_time < '" + span.to() + "'");
            }
            String features = view.features().stream().map(f -> "o." + quote(f.feature())).collect(Collectors.joining(", "));
            laterals.add("left join lateral (select " + features + " from " + view.table() + " o where "
                    + String.join(" and ", conditions) + " order by o.event_time desc, o.created desc, o.row_seq desc limit 1) "
                    + alias + " on true");
        }
        for (FeatureRef ref : plan.service().features()) {
            int view = indexOf(plan, ref);
            select.add("v" + view + "." + quote(ref.feature()) + " as " + quote(ref.column()));
        }
        String visit = plan.joinKeys().stream()
                .map(k -> quote(k.name()) + (bytewise(k, plan.views(), bytewiseKeys) ? BYTEWISE : ""))
                .collect(Collectors.joining(", ", "", ", ")) + EntityFile.EVENT_TIME;
        return "select " + String.join(", ", select) + " from (select * from " + ENTITY_TABLE + " where " + EntityFile.ROW_NUMBER
                + " between " + fromRow + " and " + toRow + " order by " + visit + " offset 0) e " + String.join(" ", laterals) + " order by e." + EntityFile.ROW_NUMBER;
    }

    /**
     * Whether the entity rows' {@code key} is compared in collation {@code C}: a string key of views whose offline
     * tables all have it so (tables made before string keys were bytewise keep the database's collation, and are
     * compared in it, so that their index still serves the lookup).
     */
    private static boolean bytewise(JoinKey key, List<TrainingSetPlan.ViewJoin> views, Set<String> bytewiseKeys) {
        return key.type() == FeatureType.STRING && views.stream().filter(v -> v.keys().contains(key))
                .allMatch(v -> bytewiseKeys.contains(v.table()));
    }

    /** The offline tables among {@code plan}'s whose string keys all have the collation {@code C}. */
    static Set<String> bytewiseKeys(Connection connection, TrainingSetPlan plan) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (PreparedStatement collations = connection.prepareStatement("""
                select bool_and(a.attcollation = 'pg_catalog."C"'::regcollation) from pg_attribute a
                where a.attrelid = to_regclass(?) and a.attname = any(?) and a.attcollation <> 0""")) {
            for (TrainingSetPlan.ViewJoin view : plan.views()) {
                collations.setString(1, view.table());
                collations.setArray(2, connection.createArrayOf("text", view.keys().stream().map(JoinKey::name).toArray()));
                try (ResultSet rs = collations.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        tables.add(view.table());
                    }
                }
            }
        }
        return tables;
    }

    static String copyOut(String query) {
        return "copy (" + query + ") to stdout (format binary)";
    }

    /**
     * The snapshot's transaction commits only once its WAL is on disk, whatever the server's default: an
     * acknowledged snapshot, whose hash a model version may pin, must survive a crash even on a server tuned with
     * {@code synchronous_commit = off} for throughput.
     */
    static final String DURABLE_COMMIT = "set local synchronous_commit = on";

    static String createSnapshot(String table, List<Column> columns) {
        return "create table " + table + " (" + EntityFile.ROW_NUMBER + " bigint not null, " + definitions(columns) + ")";
    }

    static String copySnapshot(String table) {
        return "copy " + table + " from stdin (format binary)";
    }

    /** Seals a loaded snapshot: its key, and a trigger that refuses every later change. */
    static List<String> sealSnapshot(String table) {
        return List.of("alter table " + table + " add primary key (" + EntityFile.ROW_NUMBER + ")",
                "create trigger " + table + "_immutable before update or delete or truncate on " + table
                        + " for each statement execute function training_set_immutable()");
    }

    /** The snapshot's rows without its row number, in row order: what downloads and the content hash cover. */
    static String exportSnapshot(String table, List<Column> columns) {
        return "copy (select " + columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")) + " from "
                + table + " order by " + EntityFile.ROW_NUMBER + ") to stdout (format binary)";
    }

    /** Quotes any identifier; uploaded column names may hold anything but NUL. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String definitions(List<Column> columns) {
        return columns.stream().map(c -> quote(c.name()) + " " + c.type().sqlType()).collect(Collectors.joining(", "));
    }

    private static int indexOf(TrainingSetPlan plan, FeatureRef ref) {
        for (int i = 0; i < plan.views().size(); i++) {
            if (plan.views().get(i).features().contains(ref)) {
                return i;
            }
        }
        throw new IllegalStateException(ref.reference() + " is in no view of the plan");
    }
}
