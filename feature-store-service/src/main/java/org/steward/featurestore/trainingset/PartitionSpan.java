package org.steward.featurestore.trainingset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The event times an offline table's range partitions cover, when every row lies in them. PostgreSQL cannot scan
 * the partitions in order, newest first, while a default partition might hold any time; so as long as the default
 * partition is empty, bounding the lookup by this span lets the planner prune it, and each lookup then stops at
 * the first partition with a match instead of probing every partition and merging.
 *
 * @param from inclusive
 * @param to   exclusive
 */
record PartitionSpan(Instant from, Instant to) {

    private static final String PARTITIONS = """
            select pg_get_expr(p.relpartbound, p.oid) = 'DEFAULT' as is_default, p.relname,
                   (regexp_match(pg_get_expr(p.relpartbound, p.oid), $$^FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)$$))[1]::timestamptz,
                   (regexp_match(pg_get_expr(p.relpartbound, p.oid), $$^FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)$$))[2]::timestamptz
            from pg_inherits i join pg_class p on p.oid = i.inhrelid
            where i.inhparent = to_regclass(?)""";

    /**
     * The span of {@code table}'s partitions if they are contiguous and its default partition is empty, as seen by
     * {@code connection}'s transaction (which must keep one snapshot for this check and the join).
     */
    static Optional<PartitionSpan> of(Connection connection, String table) throws SQLException {
        List<PartitionSpan> ranges = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        try (PreparedStatement partitions = connection.prepareStatement(PARTITIONS)) {
            partitions.setString(1, table);
            try (ResultSet rs = partitions.executeQuery()) {
                while (rs.next()) {
                    Timestamp from = rs.getTimestamp(3);
                    Timestamp to = rs.getTimestamp(4);
                    if (rs.getBoolean(1)) {
                        defaults.add(rs.getString(2));
                    } else if (from == null || to == null) {
                        return Optional.empty();
                    } else {
                        ranges.add(new PartitionSpan(from.toInstant(), to.toInstant()));
                    }
                }
            }
        }
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        for (String partition : defaults) {
            try (Statement sql = connection.createStatement();
                 ResultSet rs = sql.executeQuery("select exists (select from " + PointInTimeSql.quote(partition) + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        ranges.sort(Comparator.comparing(PartitionSpan::from));
        for (int i = 1; i < ranges.size(); i++) {
            if (!ranges.get(i - 1).to().equals(ranges.get(i).from())) {
                return Optional.empty();
            }
        }
        return Optional.of(new PartitionSpan(ranges.getFirst().from(), ranges.getLast().to()));
    }
}
