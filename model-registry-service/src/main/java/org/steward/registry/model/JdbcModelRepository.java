package org.steward.registry.model;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Repository
class JdbcModelRepository implements ModelRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<List<KpiDefinition>> KPIS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcModelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public boolean insert(RegisteredModel m) {
        ModelCard card = m.card();
        return jdbc.sql("""
                        insert into registered_model (name, use_case, risk_tier, owner, description, intended_use, limitations,
                            protected_attributes, decision_policy, reason_codes, kpis, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?) on conflict (name) do nothing""")
                .params(m.name(), m.useCase().code(), m.riskTier(), m.owner(), card.description(), card.intendedUse(),
                        card.limitations(), json.writeValueAsString(card.protectedAttributes()), jsonOrNull(card.decisionPolicy()),
                        json.writeValueAsString(card.reasonCodes()), json.writeValueAsString(card.kpis()),
                        Timestamp.from(m.createdAt()), m.createdBy())
                .update() == 1;
    }

    @Override
    public Optional<RegisteredModel> find(String name) {
        return jdbc.sql("select * from registered_model where name = ?").param(name).query(this::map).optional();
    }

    @Override
    public Optional<RegisteredModel> findForUpdate(String name) {
        return jdbc.sql("select * from registered_model where name = ? for update").param(name).query(this::map).optional();
    }

    @Override
    public List<RegisteredModel> findAll() {
        return jdbc.sql("select * from registered_model order by name").query(this::map).list();
    }

    @Override
    public void updateCard(RegisteredModel m) {
        ModelCard card = m.card();
        jdbc.sql("""
                        update registered_model set description = ?, intended_use = ?, limitations = ?,
                            protected_attributes = ?::jsonb, decision_policy = ?::jsonb, reason_codes = ?::jsonb, kpis = ?::jsonb,
                            updated_at = ?, updated_by = ?
                        where name = ?""")
                .params(card.description(), card.intendedUse(), card.limitations(),
                        json.writeValueAsString(card.protectedAttributes()), jsonOrNull(card.decisionPolicy()),
                        json.writeValueAsString(card.reasonCodes()), json.writeValueAsString(card.kpis()),
                        Timestamp.from(m.updatedAt()), m.updatedBy(), m.name())
                .update();
    }

    private String jsonOrNull(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private RegisteredModel map(ResultSet rs, int row) throws SQLException {
        String policy = rs.getString("decision_policy");
        ModelCard card = new ModelCard(rs.getString("description"), rs.getString("intended_use"), rs.getString("limitations"),
                json.readValue(rs.getString("protected_attributes"), STRINGS),
                policy == null ? null : json.readValue(policy, DecisionPolicy.class),
                json.readValue(rs.getString("reason_codes"), REASONS), json.readValue(rs.getString("kpis"), KPIS));
        return new RegisteredModel(rs.getString("name"), UseCase.fromCode(rs.getString("use_case")), rs.getInt("risk_tier"),
                rs.getString("owner"), card, rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                instant(rs.getTimestamp("updated_at")), rs.getString("updated_by"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
