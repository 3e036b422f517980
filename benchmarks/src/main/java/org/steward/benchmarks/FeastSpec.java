package org.steward.benchmarks;

import org.steward.benchmarks.synthetic.PeerFormats;
import org.steward.benchmarks.synthetic.SyntheticBank;
import org.steward.benchmarks.synthetic.SyntheticDataset;
import org.steward.benchmarks.synthetic.SyntheticFeature;
import org.steward.benchmarks.synthetic.SyntheticView;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What the Feast scripts ({@code benchmarks/peers/feast_repo.py}) build their store from: the synthetic bank's
 * entity and views with the same names, types and ttl as Steward's definitions, where the rows are, and where to
 * work. Written as JSON into the run's temporary directory (it holds the embedded PostgreSQL's local password).
 *
 * @param parquet    the Parquet file of each view, by name (for the file offline store)
 * @param postgres   where the PostgreSQL offline store's tables are (null when only the file store is used)
 * @param stewardCsv Steward's training set, which the offline script compares its rows with (null online)
 */
record FeastSpec(SyntheticDataset data, Map<String, Path> parquet, Postgres postgres, Path stewardCsv, Path workDirectory) {

    static final String PROJECT = "steward_bench";

    /** A database and schema of the embedded PostgreSQL, with its local credentials. */
    record Postgres(String host, int port, String database, String user, String password, String schema) {

        /** The database {@code dataSource} connects to, as the platform's own PostgreSQL user. */
        static Postgres of(DataSource dataSource, String user, String password, String schema) throws SQLException {
            try (Connection connection = dataSource.getConnection()) {
                URI url = URI.create(connection.getMetaData().getURL().substring("jdbc:".length()));
                return new Postgres(url.getHost(), url.getPort(), connection.getCatalog(), user, password, schema);
            }
        }

        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    Path write(Path file) throws IOException {
        ObjectNode spec = JsonMapper.builder().build().createObjectNode();
        spec.put("project", PROJECT);
        spec.putObject("entity").put("name", SyntheticBank.ENTITY).put("joinKey", SyntheticBank.JOIN_KEY);
        spec.put("eventTime", SyntheticBank.EVENT_TIME).put("created", PeerFormats.CREATED).put("rowId", SyntheticBank.ROW_ID);
        for (SyntheticView view : data.views()) {
            ObjectNode v = spec.withArray("views").addObject().put("name", view.name()).put("ttlSeconds", view.ttl().toSeconds())
                    .put("parquet", parquet.get(view.name()).toAbsolutePath().toString());
            if (postgres != null) {
                v.put("table", postgres.schema() + "." + view.name());
            }
            for (SyntheticFeature feature : view.features()) {
                v.withArray("features").addObject().put("name", feature.name()).put("type", feature.type().code());
            }
        }
        spec.put("entityRows", data.entityRows().toAbsolutePath().toString());
        if (postgres != null) {
            spec.putObject("postgres").put("host", postgres.host()).put("port", postgres.port()).put("database", postgres.database())
                    .put("user", postgres.user()).put("password", postgres.password()).put("schema", postgres.schema());
        }
        spec.put("stewardCsv", stewardCsv == null ? null : stewardCsv.toAbsolutePath().toString());
        spec.put("workDir", workDirectory.toAbsolutePath().toString());
        Files.writeString(file, spec.toPrettyString());
        return file;
    }
}
