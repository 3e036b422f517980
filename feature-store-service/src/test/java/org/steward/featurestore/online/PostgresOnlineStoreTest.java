package org.steward.featurestore.online;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealInfrastructureExtension;
import org.steward.testsupport.RealPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The online store contract on a real PostgreSQL, in a schema made by the service's own migration. */
@RealInfrastructure
class PostgresOnlineStoreTest extends OnlineStoreContract {

    private static final String SCHEMA = "feature_store_online_contract";
    private static PostgresOnlineStore store;

    @BeforeAll
    static void migrate() throws SQLException, IOException {
        RealPostgres postgres = RealInfrastructureExtension.postgres();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setCurrentSchema(SCHEMA);
        try (InputStream migration = PostgresOnlineStore.class.getResourceAsStream("/db/migration/feature-store/V5__online.sql");
             Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("drop schema if exists " + SCHEMA + " cascade");
            sql.execute("create schema " + SCHEMA);
            sql.execute(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }
        store = new PostgresOnlineStore(dataSource);
    }

    @Override
    protected OnlineStore store() {
        return store;
    }
}
