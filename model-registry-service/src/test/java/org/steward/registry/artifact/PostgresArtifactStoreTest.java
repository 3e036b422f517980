package org.steward.registry.artifact;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.RealPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The artifact store contract on a real PostgreSQL, in a schema made by the service's own migration. */
@RealInfrastructure
class PostgresArtifactStoreTest extends ArtifactStoreContract {

    private static final String SCHEMA = "model_registry_artifact_contract";
    private static PostgresArtifactStore store;
    private static JdbcTemplate jdbc;
    private static DataSourceTransactionManager transactions;

    @BeforeAll
    static void migrate() throws IOException {
        RealPostgres postgres = RealInfrastructureExtension.postgres();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setCurrentSchema(SCHEMA);
        jdbc = new JdbcTemplate(dataSource);
        try (InputStream migration = PostgresArtifactStore.class.getResourceAsStream("/db/migration/model-registry/V3__artifacts.sql")) {
            jdbc.execute("drop schema if exists " + SCHEMA + " cascade");
            jdbc.execute("create schema " + SCHEMA);
            jdbc.execute(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }
        transactions = new DataSourceTransactionManager(dataSource);
        store = new PostgresArtifactStore(dataSource, transactions, Clock.systemUTC());
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }

    @Override
    protected void tamper(String sha256) {
        assertThat(jdbc.update("update artifact_chunk set data = set_byte(data, 100, (get_byte(data, 100) + 1) % 256) "
                + "where seq = 1 and content_id = (select content_id from artifact where sha256 = ?)", sha256)).isEqualTo(1);
    }

    @Override
    protected long storedBytes() {
        return jdbc.queryForObject("select coalesce(sum(length(data)), 0) from artifact_chunk", Long.class);
    }

    @Test
    void writesChunksOfOneMebibyte() {
        byte[] model = new byte[PostgresArtifactStore.CHUNK_SIZE * 2 + 1];
        model[0] = 7;
        String sha256 = store.put(model).sha256();

        assertThat(jdbc.queryForList("select length(data) from artifact_chunk c join artifact a using (content_id) "
                + "where a.sha256 = ? order by seq", Integer.class, sha256))
                .containsExactly(PostgresArtifactStore.CHUNK_SIZE, PostgresArtifactStore.CHUNK_SIZE, 1);
    }

    @Test
    void anArtifactStoredInARolledBackTransactionIsGone() {
        byte[] model = "rolled back".getBytes(StandardCharsets.UTF_8);
        String[] sha256 = new String[1];

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            sha256[0] = store.put(model).sha256();
            tx.setRollbackOnly();
        });

        assertThat(store.contains(sha256[0])).isFalse();
        assertThatThrownBy(() -> store.open(sha256[0])).isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void aMissingChunkIsFoundOnRead() {
        byte[] model = new byte[PostgresArtifactStore.CHUNK_SIZE + 10];
        model[5] = 1;
        String sha256 = store.put(model).sha256();

        jdbc.update("delete from artifact_chunk where seq = 1 and content_id = (select content_id from artifact where sha256 = ?)", sha256);

        assertThatThrownBy(() -> store.get(sha256)).isInstanceOf(ArtifactIntegrityException.class);
    }
}
