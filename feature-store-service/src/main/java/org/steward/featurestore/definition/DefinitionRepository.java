package org.steward.featurestore.definition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.steward.commons.json.CanonicalJson;
import org.steward.commons.json.Sha256;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The definition versions in PostgreSQL, stored as their canonical JSON with its hash. */
@Repository
public class DefinitionRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DefinitionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Serialises concurrent applies for the rest of the transaction. */
    void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('feature-store-definitions'))").query().singleValue();
    }

    public Catalog load() {
        List<Entity> entities = new ArrayList<>();
        List<FeatureView> views = new ArrayList<>();
        List<Transformation> transformations = new ArrayList<>();
        List<FeatureService> services = new ArrayList<>();
        jdbc.sql("select kind, body from definition order by kind, name, version").query((rs, n) -> {
            var body = json.readTree(rs.getString(2));
            switch (rs.getString(1)) {
                case "entity" -> entities.add(DefinitionCodec.entity(body));
                case "feature_view" -> views.add(DefinitionCodec.featureView(body));
                case "transformation" -> transformations.add(DefinitionCodec.transformation(body));
                default -> services.add(DefinitionCodec.featureService(body));
            }
            return null;
        }).list();
        return new Catalog(entities, views, transformations, services);
    }

    /** Inserts one new definition version; returns its content hash. */
    String insert(Object definition, String actor) {
        record Row(String kind, String name, int version, ObjectNode body) {
        }
        Row row = switch (definition) {
            case Entity e -> new Row("entity", e.name(), e.version(), DefinitionCodec.toJson(e));
            case FeatureView v -> new Row("feature_view", v.name(), v.version(), DefinitionCodec.toJson(v));
            case Transformation t -> new Row("transformation", t.name(), t.version(), DefinitionCodec.toJson(t));
            case FeatureService s -> new Row("feature_service", s.name(), s.version(), DefinitionCodec.toJson(s));
            default -> throw new IllegalArgumentException("not a definition: " + definition);
        };
        String canonical = CanonicalJson.canonicalize(row.body());
        String hash = Sha256.hex(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        jdbc.sql("insert into definition (kind, name, version, body, content_hash, created_by) values (?, ?, ?, ?, ?, ?)")
                .params(row.kind(), row.name(), row.version(), canonical, hash, actor)
                .update();
        return hash;
    }
}
