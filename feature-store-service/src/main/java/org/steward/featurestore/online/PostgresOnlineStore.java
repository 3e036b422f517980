package org.steward.featurestore.online;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The online store in the service's own schema: table {@code online_row}, one row per view version and entity
 * key. A batch is one statement — the rows travel as arrays — and the tie-break is the upsert's condition, so
 * PostgreSQL decides atomically whether a row moves a key forward. A batch read is one statement too, whatever
 * the number of views and entities.
 */
public final class PostgresOnlineStore implements OnlineStore {

    private static final String UPSERT = """
            insert into online_row (view, version, entity_key, event_time, created, feature_values)
            select ?, ?, r.entity_key, r.event_time, r.created, r.feature_values
            from unnest(?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[]) as r(entity_key, event_time, created, feature_values)
            on conflict (view, version, entity_key) do update
            set event_time = excluded.event_time, created = excluded.created, feature_values = excluded.feature_values
            where (excluded.event_time, excluded.created) > (online_row.event_time, online_row.created)""";
    private static final String READ = """
            select o.view, o.version, o.entity_key, o.event_time, o.created, o.feature_values
            from unnest(?::text[], ?::int[], ?::text[]) as k(view, version, entity_key)
            join online_row o on o.view = k.view and o.version = k.version and o.entity_key = k.entity_key""";
    private static final String WATERMARK = "select created_before, event_time_end from online_watermark where view = ? and version = ?";
    private static final String SAVE_WATERMARK = """
            insert into online_watermark (view, version, created_before, event_time_end) values (?, ?, ?::timestamptz, ?::timestamptz)
            on conflict (view, version) do update
            set created_before = excluded.created_before, event_time_end = excluded.event_time_end, updated_at = clock_timestamp()""";

    private final DataSource dataSource;

    public PostgresOnlineStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String backend() {
        return "postgres";
    }

    @Override
    public int upsert(ViewVersion view, List<OnlineRow> rows) {
        // One statement cannot update a key twice, so a batch keeps only each key's greatest row.
        Collection<OnlineRow> latest = OnlineRow.latestPerKey(rows);
        if (latest.isEmpty()) {
            return 0;
        }
        int n = latest.size();
        String[] keys = new String[n];
        String[] eventTimes = new String[n];
        String[] created = new String[n];
        String[] values = new String[n];
        int i = 0;
        for (OnlineRow row : latest) {
            keys[i] = row.entityKey();
            eventTimes[i] = row.eventTime().toString();
            created[i] = row.created().toString();
            values[i++] = row.values();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement upsert = c.prepareStatement(UPSERT)) {
            upsert.setString(1, view.name());
            upsert.setInt(2, view.version());
            upsert.setArray(3, c.createArrayOf("text", keys));
            upsert.setArray(4, c.createArrayOf("text", eventTimes));
            upsert.setArray(5, c.createArrayOf("text", created));
            upsert.setArray(6, c.createArrayOf("text", values));
            return upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + n + " online rows of " + view.reference(), e);
        }
    }

    @Override
    public Map<ViewVersion, Map<String, OnlineRow>> read(Map<ViewVersion, ? extends Collection<String>> keys) {
        List<String> names = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        List<String> entityKeys = new ArrayList<>();
        keys.forEach((view, viewKeys) -> viewKeys.forEach(key -> {
            names.add(view.name());
            versions.add(view.version());
            entityKeys.add(key);
        }));
        Map<ViewVersion, Map<String, OnlineRow>> found = new HashMap<>();
        if (entityKeys.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement read = c.prepareStatement(READ)) {
            read.setArray(1, c.createArrayOf("text", names.toArray()));
            read.setArray(2, c.createArrayOf("int4", versions.toArray()));
            read.setArray(3, c.createArrayOf("text", entityKeys.toArray()));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    OnlineRow row = new OnlineRow(rs.getString(3), instant(rs, 4), instant(rs, 5), rs.getString(6));
                    found.computeIfAbsent(new ViewVersion(rs.getString(1), rs.getInt(2)), v -> new HashMap<>())
                            .put(row.entityKey(), row);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + entityKeys.size() + " online rows", e);
        }
    }

    @Override
    public Optional<Watermark> watermark(ViewVersion view) {
        try (Connection c = dataSource.getConnection(); PreparedStatement read = c.prepareStatement(WATERMARK)) {
            read.setString(1, view.name());
            read.setInt(2, view.version());
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? Optional.of(new Watermark(instant(rs, 1), instant(rs, 2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the watermark of " + view.reference(), e);
        }
    }

    @Override
    public void saveWatermark(ViewVersion view, Watermark watermark) {
        try (Connection c = dataSource.getConnection(); PreparedStatement save = c.prepareStatement(SAVE_WATERMARK)) {
            save.setString(1, view.name());
            save.setInt(2, view.version());
            save.setString(3, watermark.createdBefore().toString());
            save.setString(4, watermark.eventTimeEnd().toString());
            save.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not save the watermark of " + view.reference(), e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
