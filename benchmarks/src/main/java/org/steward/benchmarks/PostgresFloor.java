package org.steward.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.benchmarks.synthetic.SyntheticBank;
import org.steward.benchmarks.synthetic.SyntheticView;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What PostgreSQL itself needs, on this machine and data, for the two steps of Steward's way of building a durable
 * point-in-time snapshot: one index lookup per entity row and view, and writing the snapshot's rows durably. Each is
 * timed on a single backend, so its seconds are one core's; shared perfectly over every core, they bound from below
 * how fast any build that looks each row up through the offline tables' index can be here, before it has even read
 * the upload, fetched a value or hashed a row. A build that finds the rows another way (merging sorted histories,
 * say) is not bound by it.
 *
 * <p>The lookups are the cheapest there are: the point-in-time index's own first entry (an index-only scan of the
 * row's sequence number, after the offline tables are vacuumed), no feature value fetched, nothing sent back but a
 * count. The write is {@code create table as} from the finished snapshot, committed with
 * {@code synchronous_commit = on}, without its key or content hash.
 */
final class PostgresFloor {

    private static final Logger log = LoggerFactory.getLogger(PostgresFloor.class);
    private static final String COPY = "bench_floor_write";

    /** Seconds of one backend: the lookups by view, and the durable write. */
    record Measured(Map<String, Double> lookupSeconds, double writeSeconds) {

        double lookupTotal() {
            return lookupSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The fewest seconds the two steps take on {@code cores} cores, if they shared them perfectly. */
        double spread(int cores) {
            return (lookupTotal() + writeSeconds) / cores;
        }
    }

    private PostgresFloor() {
    }

    /**
     * @param snapshotTable the training set's table, whose entity columns are the lookups' keys and times
     * @param start         no feature row's event time is earlier (lets the planner skip the default partition, as
     *                      the service's own join does)
     * @param end           every feature row's event time is earlier
     */
    static Measured measure(JdbcTemplate jdbc, TransactionTemplate transactions, String snapshotTable, Instant start,
                            Instant end) {
        Map<String, Double> lookups = new LinkedHashMap<>();
        for (SyntheticView view : SyntheticBank.VIEWS) {
            String sql = lookups(snapshotTable, view, start, end);
            long t = System.nanoTime();
            Long matched = transactions.execute(status -> {
                jdbc.execute("set local enable_sort = off");
                jdbc.execute("set local enable_memoize = off");
                jdbc.execute("set local work_mem = '256MB'");
                return jdbc.queryForObject(sql, Long.class);
            });
            lookups.put(view.name(), FeatureStoreOfflineBenchmark.seconds(t));
            log.info("Floor: an index lookup per entity row into {} ({} found) in {} s", view.name(), matched,
                    FeatureStoreOfflineBenchmark.format(lookups.get(view.name())));
        }
        long t = System.nanoTime();
        transactions.executeWithoutResult(status -> {
            jdbc.execute("set local synchronous_commit = on");
            jdbc.execute("create table " + COPY + " as select * from " + snapshotTable);
        });
        double write = FeatureStoreOfflineBenchmark.seconds(t);
        jdbc.execute("drop table " + COPY);
        log.info("Floor: the snapshot's rows written durably in {} s", FeatureStoreOfflineBenchmark.format(write));
        return new Measured(lookups, write);
    }

    private static String lookups(String snapshotTable, SyntheticView view, Instant start, Instant end) {
        String key = SyntheticBank.JOIN_KEY;
        String time = SyntheticBank.EVENT_TIME;
        StringBuilder window = new StringBuilder("o.event_time <= e." + time);
        if (!view.ttl().isZero()) {
            window.append(" and o.event_time >= e.").append(time).append(" - interval '").append(view.ttl().toSeconds())
                    .append(" seconds'");
        }
        window.append(" and o.event_time >= '").append(start).append("' and o.event_time < '").append(end).append('\'');
        return "select count(v.row_seq) from (select " + key + " collate \"C\" as " + key + ", " + time + " from "
                + snapshotTable + " order by 1, 2 offset 0) e left join lateral (select o.row_seq from offline_"
                + view.name() + "_v1 o where o." + key + " = e." + key + " and " + window
                + " order by o.event_time desc, o.created desc, o.row_seq desc limit 1) v on true";
    }

    /** The bound's terms, for the report. */
    static Map<String, Object> describe(Measured measured, int cores) {
        Map<String, Object> description = new LinkedHashMap<>();
        measured.lookupSeconds().forEach((view, seconds) -> description.put("lookupSeconds " + view, round(seconds)));
        description.put("durableWriteSeconds", round(measured.writeSeconds()));
        description.put("cores", cores);
        return description;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
