package org.steward.featurestore.trainingset;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.steward.commons.json.Sha256;
import org.steward.featurestore.job.Progress;

import javax.sql.DataSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a snapshot with two connections and no per-row round trip. A reading connection copies the entity rows
 * into a temporary table and streams the point-in-time join out, in one repeatable-read snapshot so that the
 * partition checks and the join see the same rows; the caller's transaction copies each joined row, with its
 * transformations computed in Java, into the snapshot table as it arrives, while the canonical CSV of the row
 * feeds the content hash. The snapshot, its record and its events then commit together, or not at all.
 */
@Component
class TrainingSetBuilder {

    private static final int PROGRESS_EVERY = 4096;

    private final DataSource dataSource;

    TrainingSetBuilder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How a snapshot turned out. */
    record Loaded(long rows, String contentSha256) {
    }

    /**
     * Creates and fills {@code table} in the caller's transaction.
     *
     * @param columns the snapshot's columns: the entity file's, then {@link TrainingSetPlan#derivedColumns()}
     */
    Loaded load(String table, TrainingSetPlan plan, EntityFile entities, List<Column> columns, boolean excludeCreatedAfter,
                Progress progress) throws SQLException, IOException {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a snapshot is loaded inside the transaction that records it");
        }
        Connection write = DataSourceUtils.getConnection(dataSource);
        try (Connection read = dataSource.getConnection()) {
            read.setAutoCommit(false);
            read.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                progress.update(0, entities.rows(), "loading the entity rows");
                loadEntities(read, entities);
                execute(write, List.of(PointInTimeSql.createSnapshot(table, columns)));
                progress.update(0, entities.rows(), "joining");
                Loaded loaded = stream(read, write, table, plan, entities, columns, excludeCreatedAfter, progress);
                execute(write, PointInTimeSql.sealSnapshot(table));
                return loaded;
            } finally {
                read.rollback();
            }
        } finally {
            DataSourceUtils.releaseConnection(write, dataSource);
        }
    }

    private static void loadEntities(Connection read, EntityFile entities) throws SQLException, IOException {
        execute(read, List.of(PointInTimeSql.createEntityTable(entities.columns())));
        PGCopyOutputStream copy = new PGCopyOutputStream(read.unwrap(PGConnection.class), PointInTimeSql.copyEntityRows());
        try {
            List<ColumnType> types = new ArrayList<>(List.of(ColumnType.INT64));
            types.addAll(List.of(PgBinary.types(entities.columns())));
            PgBinary.Writer writer = new PgBinary.Writer(copy, types.toArray(ColumnType[]::new));
            entities.copyTo(writer);
            writer.finish();
            copy.close();
        } catch (IOException | RuntimeException e) {
            cancel(copy);
            throw e;
        }
        execute(read, List.of(PointInTimeSql.analyzeEntityTable()));
    }

    private static Loaded stream(Connection read, Connection write, String table, TrainingSetPlan plan, EntityFile entities,
                                 List<Column> columns, boolean excludeCreatedAfter, Progress progress)
            throws SQLException, IOException {
        int joined = 1 + columns.size() - plan.transformations().size();
        ColumnType[] types = new ColumnType[1 + columns.size()];
        types[0] = ColumnType.INT64;
        System.arraycopy(PgBinary.types(columns), 0, types, 1, columns.size());
        List<String> names = columns.stream().map(Column::name).toList();
        List<TrainingSetPlan.Derived> derived = plan.transformations();
        List<List<String>> inputs = derived.stream().map(d -> List.copyOf(d.expression().inputs())).toList();
        int[][] inputPositions = inputs.stream()
                .map(list -> list.stream().mapToInt(name -> 1 + names.indexOf(name)).toArray()).toArray(int[][]::new);

        Map<String, PartitionSpan> spans = new HashMap<>();
        for (TrainingSetPlan.ViewJoin view : plan.views()) {
            PartitionSpan.of(read, view.table()).ifPresent(span -> spans.put(view.table(), span));
        }
        execute(read, PointInTimeSql.joinSettings());
        String query = PointInTimeSql.copyOut(PointInTimeSql.join(plan, entities.columns(), excludeCreatedAfter, spans));
        PGCopyOutputStream out = new PGCopyOutputStream(write.unwrap(PGConnection.class), PointInTimeSql.copySnapshot(table));
        PGCopyInputStream in = null;
        try {
            in = new PGCopyInputStream(read.unwrap(PGConnection.class), query);
            PgBinary.Reader reader = new PgBinary.Reader(in, Arrays.copyOf(types, joined));
            PgBinary.Writer writer = new PgBinary.Writer(out, types);
            MessageDigest content = Digests.sha256();
            content.update(CanonicalCsv.header(columns));
            CanonicalCsv csv = new CanonicalCsv(columns);
            Map<String, Object> row = new HashMap<>();
            Object[] values = new Object[types.length];
            long rows = 0;
            while (reader.next(values)) {
                for (int t = 0; t < derived.size(); t++) {
                    row.clear();
                    for (int i = 0; i < inputPositions[t].length; i++) {
                        row.put(inputs.get(t).get(i), values[inputPositions[t][i]]);
                    }
                    values[joined + t] = derived.get(t).evaluate(row);
                }
                writer.row(values);
                content.update(csv.row(values, 1));
                if (++rows % PROGRESS_EVERY == 0) {
                    progress.update(rows, entities.rows(), "joining");
                }
            }
            reader.drain();
            writer.finish();
            out.close();
            if (rows != entities.rows()) {
                throw new IllegalStateException("the join returned " + rows + " rows for " + entities.rows() + " entity rows");
            }
            progress.update(rows, entities.rows(), "sealing the snapshot");
            return new Loaded(rows, Sha256.toHex(content.digest()));
        } catch (SQLException | IOException | RuntimeException e) {
            cancel(out);
            if (in != null) {
                try {
                    in.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void cancel(PGCopyOutputStream copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            // the transaction is rolled back anyway; the copy's own failure is the one worth reporting
        }
    }
}
