package org.steward.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PostgreSQL the tests get is a real server: it runs PL/pgSQL triggers and enforces what they say. */
@RealInfrastructure
class RealPostgresTest {

    @Test
    void runsSqlIncludingTriggers() throws SQLException {
        RealPostgres postgres = RealInfrastructureExtension.postgres();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             Statement sql = c.createStatement()) {
            sql.execute("create schema if not exists test_support_pg");
            sql.execute("set search_path to test_support_pg");
            sql.execute("drop table if exists ledger");
            sql.execute("create table ledger (id serial primary key, amount int not null, recorded_by text)");
            sql.execute("""
                    create or replace function ledger_guard() returns trigger language plpgsql as $$
                    begin
                        if tg_op = 'INSERT' then
                            new.recorded_by := current_user;
                            return new;
                        end if;
                        raise exception 'ledger rows are append-only (% refused)', tg_op;
                    end $$""");
            sql.execute("create trigger ledger_guard before insert or update or delete on ledger "
                    + "for each row execute function ledger_guard()");

            sql.execute("insert into ledger (amount) values (10), (20)");

            try (ResultSet rs = sql.executeQuery("select sum(amount), min(recorded_by), version() from ledger")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(30);
                assertThat(rs.getString(2)).isEqualTo(postgres.username());
                assertThat(rs.getString(3)).startsWith("PostgreSQL");
            }
            assertThatThrownBy(() -> sql.executeUpdate("update ledger set amount = 0"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only (UPDATE refused)");
            assertThatThrownBy(() -> sql.executeUpdate("delete from ledger"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only (DELETE refused)");
        }
    }
}
