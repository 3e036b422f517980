package org.steward.registry.model;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

@Repository
class JdbcModelRepository implements ModelRepository {

    private final JdbcClient jdbc;

    JdbcModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(RegisteredModel m) {
        return jdbc.sql("""
                        insert into registered_model (name, use_case, risk_tier, owner, description, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict (name) do nothing""")
                .params(m.name(), m.useCase().code(), m.riskTier(), m.owner(), m.description(),
                        Timestamp.from(m.createdAt()), m.createdBy())
                .update() == 1;
    }

    @Override
    public Optional<RegisteredModel> find(String name) {
        return jdbc.sql("select * from registered_model where name = ?").param(name).query(this::map).optional();
    }

    @Override
    public List<RegisteredModel> findAll() {
        return jdbc.sql("select * from registered_model order by name").query(this::map).list();
    }

    private RegisteredModel map(ResultSet rs, int row) throws SQLException {
        return new RegisteredModel(rs.getString("name"), UseCase.fromCode(rs.getString("use_case")), rs.getInt("risk_tier"),
                rs.getString("owner"), rs.getString("description"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }
}
