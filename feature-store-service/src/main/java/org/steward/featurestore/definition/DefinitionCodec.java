package org.steward.featurestore.definition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads definition documents (the JSON tree of a YAML or JSON file) and writes definitions back in the same
 * shape, so that what a team applies, what the store keeps and what the API returns read alike. Reading collects
 * every problem with its path ({@code featureViews[1].features[0].type}) instead of stopping at the first.
 */
public final class DefinitionCodec {

    /** Names become SQL identifiers and column prefixes, so they are kept short and plain. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Pattern TTL = Pattern.compile("(\\d+)\\s*([dhms])");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("entities", "featureViews", "transformations", "featureServices");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DefinitionCodec() {
    }

    /** @throws DefinitionException listing every problem of the document */
    public static DefinitionDocument parse(JsonNode root) {
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw new DefinitionException(List.of("a definition document must be an object with entities, featureViews, "
                    + "transformations and featureServices"));
        }
        root.propertyNames().forEach(field -> {
            if (!DOCUMENT_FIELDS.contains(field)) {
                problems.add(field, "unknown section; expected one of " + DOCUMENT_FIELDS);
            }
        });
        var document = new DefinitionDocument(
                list(root, "entities", problems, (node, path) -> entity(node, path, problems, 0)),
                list(root, "featureViews", problems, (node, path) -> featureView(node, path, problems, 0)),
                list(root, "transformations", problems, (node, path) -> transformation(node, path, problems, 0)),
                list(root, "featureServices", problems, (node, path) -> featureServiceSpec(node, path, problems)));
        problems.throwIfAny();
        return document;
    }

    /** Reads a stored entity (with its version). */
    public static Entity entity(JsonNode node) {
        return read(node, (n, p) -> entity(n, "entity", p, n.path("version").asInt()));
    }

    public static FeatureView featureView(JsonNode node) {
        return read(node, (n, p) -> featureView(n, "featureView", p, n.path("version").asInt()));
    }

    public static Transformation transformation(JsonNode node) {
        return read(node, (n, p) -> transformation(n, "transformation", p, n.path("version").asInt()));
    }

    public static FeatureService featureService(JsonNode node) {
        return read(node, (n, p) -> {
            List<FeatureRef> refs = new ArrayList<>();
            for (JsonNode ref : n.path("features")) {
                Matcher m = Pattern.compile("([a-z0-9_]+)@(\\d+):([a-z0-9_]+)").matcher(ref.asString());
                if (!m.matches()) {
                    p.add("featureService.features", "stored reference '" + ref.asString() + "' is not pinned");
                    continue;
                }
                refs.add(new FeatureRef(m.group(1), Integer.parseInt(m.group(2)), m.group(3)));
            }
            List<FeatureService.TransformationRef> transformations = new ArrayList<>();
            for (JsonNode ref : n.path("transformations")) {
                String[] parts = ref.asString().split("@");
                transformations.add(new FeatureService.TransformationRef(parts[0], Integer.parseInt(parts[1])));
            }
            return new FeatureService(n.path("name").asString(), n.path("version").asInt(), refs, transformations,
                    requestFeatures(n, "featureService", p), n.path("description").asString(""));
        });
    }

    public static ObjectNode toJson(Entity e) {
        ObjectNode node = NODES.objectNode().put("name", e.name()).put("version", e.version());
        ArrayNode keys = node.putArray("joinKeys");
        e.joinKeys().forEach(k -> keys.addObject().put("name", k.name()).put("type", k.type().code()));
        return node.put("description", e.description());
    }

    public static ObjectNode toJson(FeatureView v) {
        ObjectNode node = NODES.objectNode().put("name", v.name()).put("version", v.version());
        ArrayNode entities = node.putArray("entities");
        v.entities().forEach(entities::add);
        node.put("ttl", ttl(v.ttl())).put("owner", v.owner()).put("description", v.description());
        ObjectNode tags = node.putObject("tags");
        new java.util.TreeMap<>(v.tags()).forEach(tags::put);
        ObjectNode source = node.putObject("source");
        switch (v.source()) {
            case Source.Batch b -> source.put("type", "batch");
            case Source.Stream s -> source.put("type", "stream").put("topic", s.topic());
        }
        ArrayNode features = node.putArray("features");
        for (Feature f : v.features()) {
            ObjectNode fn = features.addObject().put("name", f.name()).put("type", f.type().code())
                    .put("description", f.description()).put("pii", f.pii()).put("protected", f.protectedAttribute())
                    .put("nullable", f.nullable());
            if (f.min() != null) {
                fn.put("min", f.min());
            }
            if (f.max() != null) {
                fn.put("max", f.max());
            }
            if (!f.allowedValues().isEmpty()) {
                ArrayNode allowed = fn.putArray("allowedValues");
                f.allowedValues().forEach(allowed::add);
            }
        }
        return node;
    }

    public static ObjectNode toJson(Transformation t) {
        return NODES.objectNode().put("name", t.name()).put("version", t.version()).put("type", t.type().code())
                .put("expression", t.expression()).put("description", t.description());
    }

    public static ObjectNode toJson(FeatureService s) {
        ObjectNode node = NODES.objectNode().put("name", s.name()).put("version", s.version());
        ArrayNode features = node.putArray("features");
        s.features().forEach(f -> features.add(f.reference()));
        ArrayNode transformations = node.putArray("transformations");
        s.transformations().forEach(t -> transformations.add(t.name() + "@" + t.version()));
        ArrayNode request = node.putArray("requestFeatures");
        s.requestFeatures().forEach(r -> request.addObject().put("name", r.name()).put("type", r.type().code()));
        return node.put("description", s.description());
    }

    /** {@code 0} (forever), or the largest whole unit: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}. */
    public static String ttl(Duration ttl) {
        long s = ttl.toSeconds();
        if (s == 0) {
            return "0";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static Entity entity(JsonNode n, String path, Problems p, int version) {
        String name = name(n, path, p);
        List<JoinKey> keys = new ArrayList<>();
        JsonNode keyNodes = n.path("joinKeys");
        if (!keyNodes.isArray() || keyNodes.isEmpty()) {
            p.add(path + ".joinKeys", "an entity needs at least one join key, e.g. [{name: customer_id, type: string}]");
        }
        int i = 0;
        for (JsonNode k : keyNodes) {
            String keyPath = path + ".joinKeys[" + i++ + "]";
            keys.add(new JoinKey(name(k, keyPath, p), type(k, keyPath, p)));
        }
        return new Entity(name, version, keys, n.path("description").asString(""));
    }

    private static FeatureView featureView(JsonNode n, String path, Problems p, int version) {
        String name = name(n, path, p);
        List<String> entities = new ArrayList<>();
        n.path("entities").forEach(e -> entities.add(e.asString()));
        if (entities.isEmpty()) {
            p.add(path + ".entities", "a feature view names the entities it describes, e.g. [customer]");
        }
        List<Feature> features = new ArrayList<>();
        JsonNode featureNodes = n.path("features");
        if (!featureNodes.isArray() || featureNodes.isEmpty()) {
            p.add(path + ".features", "a feature view needs at least one feature");
        }
        int i = 0;
        for (JsonNode f : featureNodes) {
            features.add(feature(f, path + ".features[" + i++ + "]", p));
        }
        String owner = n.path("owner").asString("");
        if (owner.isBlank()) {
            p.add(path + ".owner", "every feature view has an owner accountable for its data");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
        return new FeatureView(name, version, entities, features, ttl(n.path("ttl"), path + ".ttl", p), owner,
                n.path("description").asString(""), tags, source(n.path("source"), path + ".source", p));
    }

    private static Feature feature(JsonNode n, String path, Problems p) {
        String name = name(n, path, p);
        FeatureType type = type(n, path, p);
        Double min = n.hasNonNull("min") ? n.get("min").asDouble() : null;
        Double max = n.hasNonNull("max") ? n.get("max").asDouble() : null;
        if ((min != null || max != null) && type != null && type != FeatureType.INT64 && type != FeatureType.FLOAT64) {
            p.add(path, "min and max apply to numbers, not to " + type.code());
        }
        if (min != null && max != null && min > max) {
            p.add(path, "min " + min + " is above max " + max);
        }
        List<String> allowed = new ArrayList<>();
        n.path("allowedValues").forEach(v -> allowed.add(v.asString()));
        if (!allowed.isEmpty() && type != null && type != FeatureType.STRING) {
            p.add(path + ".allowedValues", "allowedValues apply to strings, not to " + type.code());
        }
        return new Feature(name, type, n.path("description").asString(""), n.path("pii").asBoolean(false),
                n.path("protected").asBoolean(false), n.path("nullable").asBoolean(true), min, max, allowed);
    }

    private static Source source(JsonNode n, String path, Problems p) {
        String type = n.path("type").asString("batch");
        return switch (type) {
            case "batch" -> new Source.Batch();
            case "stream" -> {
                String topic = n.path("topic").asString("");
                if (topic.isBlank()) {
                    p.add(path + ".topic", "a stream source names its Kafka topic");
                }
                yield new Source.Stream(topic);
            }
            default -> {
                p.add(path + ".type", "unknown source type '" + type + "'; use batch or stream");
                yield new Source.Batch();
            }
        };
    }

    private static Transformation transformation(JsonNode n, String path, Problems p, int version) {
        String expression = n.path("expression").asString("");
        if (expression.isBlank()) {
            p.add(path + ".expression", "a transformation needs an expression, e.g. \"credit_amount / duration\"");
        }
        return new Transformation(name(n, path, p), version, type(n, path, p), expression, n.path("description").asString(""));
    }

    private static DefinitionDocument.FeatureServiceSpec featureServiceSpec(JsonNode n, String path, Problems p) {
        List<String> features = new ArrayList<>();
        n.path("features").forEach(f -> features.add(f.asString()));
        List<String> transformations = new ArrayList<>();
        n.path("transformations").forEach(t -> transformations.add(t.asString()));
        if (features.isEmpty() && transformations.isEmpty()) {
            p.add(path + ".features", "a feature service lists features as view:feature");
        }
        return new DefinitionDocument.FeatureServiceSpec(name(n, path, p), features, transformations,
                requestFeatures(n, path, p), n.path("description").asString(""));
    }

    private static List<FeatureService.RequestFeature> requestFeatures(JsonNode n, String path, Problems p) {
        List<FeatureService.RequestFeature> request = new ArrayList<>();
        int i = 0;
        for (JsonNode r : n.path("requestFeatures")) {
            String rPath = path + ".requestFeatures[" + i++ + "]";
            request.add(new FeatureService.RequestFeature(name(r, rPath, p), type(r, rPath, p)));
        }
        return request;
    }

    private static Duration ttl(JsonNode n, String path, Problems p) {
        if (n.isMissingNode() || n.isNull()) {
            return Duration.ZERO;
        }
        if (n.isNumber()) {
            if (n.asLong() == 0) {
                return Duration.ZERO;
            }
            p.add(path, "give the ttl a unit, e.g. 30d, 12h, 90m, or 0 for no expiry");
            return Duration.ZERO;
        }
        String text = n.asString().trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = TTL.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        p.add(path, "'" + text + "' is not a ttl; use e.g. 30d, 12h, 90m, P30D, or 0 for no expiry");
        return Duration.ZERO;
    }

    private static String name(JsonNode n, String path, Problems p) {
        String name = n.path("name").asString("");
        if (!NAME.matcher(name).matches()) {
            p.add(path + ".name", "'" + name + "' is not a valid name: use 1-48 lower-case letters, digits or _, "
                    + "starting with a letter");
        }
        return name;
    }

    private static FeatureType type(JsonNode n, String path, Problems p) {
        String code = n.path("type").asString("");
        return FeatureType.fromCode(code).orElseGet(() -> {
            p.add(path + ".type", "unknown type '" + code + "'; use one of " + FeatureType.codes());
            return null;
        });
    }

    private static <T> List<T> list(JsonNode root, String field, Problems p, BiFunction<JsonNode, String, T> reader) {
        JsonNode array = root.path(field);
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            p.add(field, "must be a list");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        int i = 0;
        for (JsonNode item : array) {
            items.add(reader.apply(item, field + "[" + i++ + "]"));
        }
        return items;
    }

    private static <T> T read(JsonNode node, BiFunction<JsonNode, Problems, T> reader) {
        Problems problems = new Problems();
        T value = reader.apply(node, problems);
        problems.throwIfAny();
        return value;
    }

    /** Problems found so far, each prefixed with where it is. */
    static final class Problems {
        private final List<String> list = new ArrayList<>();

        void add(String path, String message) {
            list.add(path + ": " + message);
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new DefinitionException(list);
            }
        }
    }
}
