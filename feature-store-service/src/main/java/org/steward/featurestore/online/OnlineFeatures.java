package org.steward.featurestore.online;

import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.JoinKey;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves feature vectors: one store read for the whole batch, then per entity the view rows with the ttl
 * enforced against the clock (a value older than {@code now - ttl} is not served), then the transformations with
 * the same evaluator the training sets use. Holding the clock at a training set's time T makes this the
 * point-in-time join at T: same latest row, same tie-break, same ttl window.
 */
public final class OnlineFeatures {

    public static final int MAX_ENTITIES = 1_000;

    /** Why a value is what it is. */
    public enum Status {
        /** A value, fresh within the ttl. */
        PRESENT,
        /** The store holds no row for this entity in this view version. */
        MISSING,
        /** The latest row is older than the view's ttl allows; the value is withheld. */
        EXPIRED,
        /** A fresh row (or a transformation) whose value is null. */
        NULL
    }

    /** One entity's vector: values and statuses by output column ({@code view__feature} or transformation name). */
    public record Result(Map<String, Object> entity, Map<String, Object> values, Map<String, Status> statuses) {
    }

    private final OnlineStore store;
    private final Clock clock;

    public OnlineFeatures(OnlineStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param entities        one JSON object per entity with every join key of {@link ServingPlan#keys()}
     * @param requestFeatures null, or one JSON object per entity with request feature values by name
     * @throws StewardException (invalid) naming the entity and the key or field at fault
     */
    public List<Result> serve(ServingPlan plan, List<JsonNode> entities, List<JsonNode> requestFeatures) {
        if (entities == null || entities.isEmpty()) {
            throw StewardException.invalid("entities must hold at least one entity: an object with " + keyNames(plan));
        }
        if (entities.size() > MAX_ENTITIES) {
            throw StewardException.invalid("at most " + MAX_ENTITIES + " entities per request, got " + entities.size()
                    + "; split the batch");
        }
        if (requestFeatures != null && requestFeatures.size() != entities.size()) {
            throw StewardException.invalid("requestFeatures must hold one object per entity: " + entities.size()
                    + " entities but " + requestFeatures.size() + " requestFeatures");
        }
        List<Map<String, Object>> keyValues = new ArrayList<>(entities.size());
        List<Map<String, Object>> requests = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            keyValues.add(keys(plan, entities.get(i), i));
            requests.add(request(plan, requestFeatures == null ? null : requestFeatures.get(i), i));
        }

        int views = plan.views().size();
        String[][] entityKeys = new String[entities.size()][views];
        Map<ViewVersion, Set<String>> lookups = new LinkedHashMap<>();
        for (int v = 0; v < views; v++) {
            ServingPlan.ViewPlan view = plan.views().get(v);
            Set<String> keys = lookups.computeIfAbsent(view.view(), x -> new HashSet<>());
            for (int i = 0; i < entities.size(); i++) {
                Map<String, Object> values = keyValues.get(i);
                entityKeys[i][v] = EntityKeys.encode(view.keys().stream().map(k -> values.get(k.name())).toList());
                keys.add(entityKeys[i][v]);
            }
        }
        Map<ViewVersion, Map<String, OnlineRow>> rows = store.read(lookups);

        Instant now = clock.instant();
        int columns = plan.views().stream().mapToInt(v -> v.columns().size()).sum() + plan.transformations().size();
        List<Result> results = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            Map<String, Object> values = LinkedHashMap.newLinkedHashMap(columns);
            Map<String, Status> statuses = LinkedHashMap.newLinkedHashMap(columns);
            for (int v = 0; v < views; v++) {
                ServingPlan.ViewPlan view = plan.views().get(v);
                OnlineRow row = rows.getOrDefault(view.view(), Map.of()).get(entityKeys[i][v]);
                Status absent = row == null ? Status.MISSING : expired(view, row, now) ? Status.EXPIRED : null;
                Object[] decoded = absent == null ? FeatureValues.decode(row.values(), view.features(), view.types()) : null;
                for (int f = 0; f < view.columns().size(); f++) {
                    Object value = decoded == null ? null : decoded[f];
                    values.put(view.columns().get(f), value);
                    statuses.put(view.columns().get(f), absent != null ? absent : value == null ? Status.NULL : Status.PRESENT);
                }
            }
            if (!plan.transformations().isEmpty()) {
                Map<String, Object> inputs = new HashMap<>(values);
                inputs.putAll(requests.get(i));
                for (ServingPlan.TransformationPlan t : plan.transformations()) {
                    Object value = t.expression().evaluate(inputs);
                    if (value instanceof Long l && t.type() == FeatureType.FLOAT64) {
                        value = l.doubleValue();
                    }
                    values.put(t.name(), value);
                    statuses.put(t.name(), value == null ? Status.NULL : Status.PRESENT);
                }
            }
            results.add(new Result(keyValues.get(i), values, statuses));
        }
        return results;
    }

    /** The point-in-time join's window: a row is valid while {@code eventTime >= now - ttl}; a zero ttl is forever. */
    static boolean expired(ServingPlan.ViewPlan view, OnlineRow row, Instant now) {
        return !view.ttl().isZero() && row.eventTime().isBefore(now.minus(view.ttl()));
    }

    private static Map<String, Object> keys(ServingPlan plan, JsonNode entity, int index) {
        if (entity == null || !entity.isObject()) {
            throw StewardException.invalid("entities[" + index + "] must be an object with " + keyNames(plan));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (JoinKey key : plan.keys()) {
            try {
                values.put(key.name(), EntityKeys.parse(key, entity.get(key.name())));
            } catch (IllegalArgumentException e) {
                throw StewardException.invalid("entities[" + index + "]: " + e.getMessage());
            }
        }
        return values;
    }

    private static Map<String, Object> request(ServingPlan plan, JsonNode given, int index) {
        if (given == null || given.isNull()) {
            return Map.of();
        }
        String at = "requestFeatures[" + index + "]";
        if (!given.isObject()) {
            throw StewardException.invalid(at + " must be an object of request feature values");
        }
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            FeatureType type = plan.requestFeatures().get(field.getKey());
            if (type == null) {
                throw StewardException.invalid(at + ": '" + field.getKey() + "' is not a request feature of "
                        + plan.service().name() + "@" + plan.service().version() + "; it takes " + plan.requestFeatures().keySet());
            }
            JsonNode node = field.getValue();
            Object value = node.isNull() ? null : switch (type) {
                case INT64 -> node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : wrong(at, field.getKey(), type, node);
                case FLOAT64 -> node.isNumber() ? node.asDouble() : wrong(at, field.getKey(), type, node);
                case BOOL -> node.isBoolean() ? node.asBoolean() : wrong(at, field.getKey(), type, node);
                case STRING -> node.isString() ? node.asString() : wrong(at, field.getKey(), type, node);
            };
            values.put(field.getKey(), value);
        }
        return values;
    }

    private static String keyNames(ServingPlan plan) {
        return "the join keys " + plan.keys().stream().map(JoinKey::name).toList();
    }

    private static Object wrong(String at, String name, FeatureType type, JsonNode node) {
        throw StewardException.invalid(at + ": '" + name + "' must be " + type.code() + ", got " + node);
    }
}
