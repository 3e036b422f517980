package org.steward.featurestore.trainingset;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.steward.commons.json.Sha256;
import org.steward.featurestore.job.Progress;

import javax.sql.DataSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Builds a snapshot with no per-row round trip. Reading connections copy the entity rows into temporary tables and
 * stream the point-in-time join out, all in one repeatable-read snapshot (the first exports it, the others import
 * it) so that the partition checks and every part of the join see the same rows. A large build joins its entity
 * rows in consecutive runs (parts), dealt out to the reading connections in turn, so that the join's index lookups
 * run on several cores at once and the first parts are copied out while later ones are still joined; the parts
 * are read in order, which is row order. The caller's transaction copies each joined row, with its transformations
 * computed in Java, into the snapshot table as it arrives, while the canonical CSV of the row feeds the content
 * hash. The snapshot, its record and its events then commit together, or not at all.
 */
@Component
class TrainingSetBuilder {

    private static final int PROGRESS_EVERY = 4096;
    private static final int PARTS_PER_CONNECTION = 4;

    private final DataSource dataSource;
    private final int joinConnections;
    private final long minRowsPerPart;

    /**
     * @param joinConnections how many connections a large build may join on at once; 0 for the number of cores,
     *                        at most four
     * @param minRowsPerPart  how many entity rows one join query takes at least: below that, another query or
     *                        connection costs more than it saves
     */
    TrainingSetBuilder(DataSource dataSource, @Value("${steward.training-sets.join-connections:0}") int joinConnections,
                       @Value("${steward.training-sets.min-rows-per-part:50000}") long minRowsPerPart) {
        this.dataSource = dataSource;
        this.joinConnections = joinConnections > 0 ? joinConnections : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.minRowsPerPart = Math.max(1, minRowsPerPart);
    }

    /** How a snapshot turned out. */
    record Loaded(long rows, String contentSha256) {
    }

    /**
     * How many entity rows one join query takes: at least {@code minRowsPerPart}, and small enough that each
     * connection runs about {@value #PARTS_PER_CONNECTION} in turn — so that the first rows are copied into the
     * snapshot while later parts are still being joined, rather than after the whole join.
     */
    long rowsPerPart(long rows) {
        return Math.max(minRowsPerPart, Math.ceilDiv(rows, (long) joinConnections * PARTS_PER_CONNECTION));
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
        List<Connection> readers = new ArrayList<>();
        try {
            long rowsPerPart = rowsPerPart(entities.rows());
            int connections = (int) Math.min(joinConnections, Math.ceilDiv(entities.rows(), rowsPerPart));
            String snapshot = null;
            for (int i = 0; i < connections; i++) {
                Connection read = dataSource.getConnection();
                readers.add(read);
                read.setAutoCommit(false);
                read.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                if (snapshot == null) {
                    snapshot = exportSnapshot(read);
                } else {
                    execute(read, List.of(PointInTimeSql.importSnapshot(snapshot)));
                }
            }
            progress.update(0, entities.rows(), "loading the entity rows");
            loadEntities(readers, entities, rowsPerPart);
            execute(write, List.of(PointInTimeSql.DURABLE_COMMIT, PointInTimeSql.createSnapshot(table, columns)));
            progress.update(0, entities.rows(), "joining");
            Loaded loaded = stream(readers, rowsPerPart, write, table, plan, entities, columns, excludeCreatedAfter, progress);
            execute(write, PointInTimeSql.sealSnapshot(table));
            return loaded;
        } finally {
            for (Connection read : readers) {
                close(read);
            }
            DataSourceUtils.releaseConnection(write, dataSource);
        }
    }

    /** Ends a reader's transaction, which drops its temporary table, and gives the connection back. */
    private static void close(Connection read) {
        try (read) {
            read.rollback();
        } catch (SQLException e) {
            // a reader that cannot roll back is closed and dropped by the pool, its temporary table with it
        }
    }

    /** Starts the first reader's transaction and returns the id under which the others can share its snapshot. */
    private static String exportSnapshot(Connection read) throws SQLException {
        try (Statement statement = read.createStatement(); ResultSet rs = statement.executeQuery("select pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Copies the entity rows into the readers' temporary tables, each part's rows to the reader that joins it. */
    private static void loadEntities(List<Connection> readers, EntityFile entities, long rowsPerPart)
            throws SQLException, IOException {
        List<ColumnType> types = new ArrayList<>(List.of(ColumnType.INT64));
        types.addAll(List.of(PgBinary.types(entities.columns())));
        List<PGCopyOutputStream> copies = new ArrayList<>();
        try {
            List<PgBinary.Writer> writers = new ArrayList<>();
            for (Connection read : readers) {
                execute(read, List.of(PointInTimeSql.createEntityTable(entities.columns())));
                PGCopyOutputStream copy = new PGCopyOutputStream(read.unwrap(PGConnection.class), PointInTimeSql.copyEntityRows());
                copies.add(copy);
                writers.add(new PgBinary.Writer(copy, types.toArray(ColumnType[]::new)));
            }
            entities.copyTo(writers, rowsPerPart);
            for (int i = 0; i < writers.size(); i++) {
                writers.get(i).finish();
                copies.get(i).close();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            copies.forEach(TrainingSetBuilder::cancel);
            throw e;
        }
        for (Connection read : readers) {
            execute(read, List.of(PointInTimeSql.analyzeEntityTable()));
        }
    }

    private static Loaded stream(List<Connection> readers, long rowsPerPart, Connection write, String table,
                                 TrainingSetPlan plan, EntityFile entities, List<Column> columns, boolean excludeCreatedAfter,
                                 Progress progress) throws SQLException, IOException {
        Map<String, PartitionSpan> spans = new HashMap<>();
        for (TrainingSetPlan.ViewJoin view : plan.views()) {
            PartitionSpan.of(readers.getFirst(), view.table()).ifPresent(span -> spans.put(view.table(), span));
        }
        Set<String> bytewiseKeys = PointInTimeSql.bytewiseKeys(readers.getFirst(), plan);
        for (Connection read : readers) {
            execute(read, PointInTimeSql.joinSettings());
        }
        int count = (int) Math.ceilDiv(entities.rows(), rowsPerPart);
        PGCopyOutputStream out = new PGCopyOutputStream(write.unwrap(PGConnection.class), PointInTimeSql.copySnapshot(table));
        // Part p (rows p * rowsPerPart + 1 on) is joined on connection p % readers, once that connection's previous part
        // has been read. Starting a join waits for its first rows — the server sends nothing before the part is joined
        // and sorted — so each is started from its own thread, and the parts are read in turn, which is row order.
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PGCopyInputStream>> parts = new ArrayList<>();
            IntFunction<Future<PGCopyInputStream>> start = p -> {
                Connection read = readers.get(p % readers.size());
                String query = PointInTimeSql.copyOut(PointInTimeSql.join(plan, entities.columns(), excludeCreatedAfter, spans,
                        bytewiseKeys, p * rowsPerPart + 1, Math.min(entities.rows(), (p + 1) * rowsPerPart)));
                return starter.submit(() -> new PGCopyInputStream(read.unwrap(PGConnection.class), query));
            };
            for (int p = 0; p < Math.min(count, readers.size()); p++) {
                parts.add(start.apply(p));
            }
            try {
                return copy(parts, count, start, out, plan, columns, entities.rows(), progress);
            } catch (SQLException | IOException | RuntimeException e) {
                cancel(out);
                stop(readers, parts, e);
                throw e;
            }
        }
    }

    /** Copies the joined rows of every part, in turn, into the snapshot while hashing their canonical CSV. */
    private static Loaded copy(List<Future<PGCopyInputStream>> parts, int count, IntFunction<Future<PGCopyInputStream>> start,
                               PGCopyOutputStream out, TrainingSetPlan plan, List<Column> columns, long expected,
                               Progress progress) throws SQLException, IOException {
        int connections = parts.size();
        int joined = 1 + columns.size() - plan.transformations().size();
        ColumnType[] types = new ColumnType[1 + columns.size()];
        types[0] = ColumnType.INT64;
        System.arraycopy(PgBinary.types(columns), 0, types, 1, columns.size());
        List<String> names = columns.stream().map(Column::name).toList();
        List<TrainingSetPlan.Derived> derived = plan.transformations();
        List<List<String>> inputs = derived.stream().map(d -> List.copyOf(d.expression().inputs())).toList();
        int[][] inputPositions = inputs.stream()
                .map(list -> list.stream().mapToInt(name -> 1 + names.indexOf(name)).toArray()).toArray(int[][]::new);
        PgBinary.Writer writer = new PgBinary.Writer(out, types);
        MessageDigest content = Digests.sha256();
        content.update(CanonicalCsv.header(columns));
        CanonicalCsv csv = new CanonicalCsv(columns);
        Map<String, Object> row = new HashMap<>();
        Object[] values = new Object[types.length];
        long rows = 0;
        for (int p = 0; p < count; p++) {
            PgBinary.Reader reader = new PgBinary.Reader(started(parts.get(p)), Arrays.copyOf(types, joined));
            while (reader.nextRow()) {
                if (reader.int64(0) != rows + 1) {
                    throw new IllegalStateException("the join returned row " + reader.int64(0) + " where row " + (rows + 1) + " was due");
                }
                for (int t = 0; t < derived.size(); t++) {
                    row.clear();
                    for (int i = 0; i < inputPositions[t].length; i++) {
                        int position = inputPositions[t][i];
                        row.put(inputs.get(t).get(i), position < joined ? reader.value(position) : values[position]);
                    }
                    values[joined + t] = derived.get(t).evaluate(row);
                }
                writer.row(reader, values);
                content.update(csv.line(), 0, csv.row(reader, 1, values, 1));
                if (++rows % PROGRESS_EVERY == 0) {
                    progress.update(rows, expected, "joining");
                }
            }
            reader.drain();
            if (p + connections < count) {
                parts.add(start.apply(p + connections));
            }
        }
        writer.finish();
        out.close();
        if (rows != expected) {
            throw new IllegalStateException("the join returned " + rows + " rows for " + expected + " entity rows");
        }
        progress.update(rows, expected, "sealing the snapshot");
        return new Loaded(rows, Sha256.toHex(content.digest()));
    }

    /** The stream of a started part, once its join has begun to answer. */
    private static PGCopyInputStream started(Future<PGCopyInputStream> part) throws SQLException, IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** After a failure: cancels the joins still running and ends the copies of those that answered. */
    private static void stop(List<Connection> readers, List<Future<PGCopyInputStream>> parts, Exception failure) {
        for (int p = 0; p < parts.size(); p++) {
            if (!parts.get(p).isDone()) {
                try {
                    readers.get(p % readers.size()).unwrap(PGConnection.class).cancelQuery();
                } catch (SQLException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        for (Future<PGCopyInputStream> part : parts) {
            try {
                part.get().close();
            } catch (ExecutionException | IOException e) {
                // a cancelled join fails; an answered one's copy is ended here, either way nothing is left running
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
