package org.steward.featurestore.definition;

import org.steward.featurestore.expression.Expression;
import org.steward.featurestore.expression.ExpressionException;
import org.steward.featurestore.expression.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a document changes: a definition whose content differs from its latest version becomes the next
 * version, and old versions stay as they were. Feature services are pinned here — each {@code view:feature}
 * resolves to the view version that will be current after the apply, and each transformation is type-checked
 * against the service's inputs — so a model's lineage can name exactly what it was trained on.
 */
public final class DefinitionPlanner {

    /** Offline and online tables reserve these column names. */
    static final Set<String> RESERVED = Set.of("event_time", "created", "batch_id", "row_seq", "row_number");
    private static final Pattern REFERENCE = Pattern.compile("([a-z][a-z0-9_]*)(?:@(\\d+))?:([a-z][a-z0-9_]*)");
    private static final Pattern VERSIONED_NAME = Pattern.compile("([a-z][a-z0-9_]*)(?:@(\\d+))?");

    private DefinitionPlanner() {
    }

    /** @throws DefinitionException with every problem when the document cannot be applied as a whole */
    public static Plan plan(DefinitionDocument doc, Catalog current) {
        List<String> problems = new ArrayList<>();
        duplicates(doc.entities(), Entity::name, "entities", problems);
        duplicates(doc.featureViews(), FeatureView::name, "featureViews", problems);
        duplicates(doc.transformations(), Transformation::name, "transformations", problems);
        duplicates(doc.featureServices(), DefinitionDocument.FeatureServiceSpec::name, "featureServices", problems);

        List<Plan.Change> changes = new ArrayList<>();
        List<Object> created = new ArrayList<>();
        List<Entity> entities = new ArrayList<>(current.entities());
        for (Entity e : doc.entities()) {
            versioned(Plan.Kind.ENTITY, e.name(), current.latestEntity(e.name()), e, Entity::version, Entity::withVersion,
                    DefinitionCodec::toJson, changes, created, entities);
        }
        Catalog withEntities = new Catalog(entities, current.featureViews(), current.transformations(), current.featureServices());

        List<FeatureView> views = new ArrayList<>(current.featureViews());
        for (FeatureView v : doc.featureViews()) {
            checkView(v, withEntities, problems);
            versioned(Plan.Kind.FEATURE_VIEW, v.name(), current.latestFeatureView(v.name()), v, FeatureView::version,
                    FeatureView::withVersion, DefinitionCodec::toJson, changes, created, views);
        }
        List<Transformation> transformations = new ArrayList<>(current.transformations());
        for (Transformation t : doc.transformations()) {
            versioned(Plan.Kind.TRANSFORMATION, t.name(), current.latestTransformation(t.name()), t, Transformation::version,
                    Transformation::withVersion, DefinitionCodec::toJson, changes, created, transformations);
        }
        Catalog withViews = new Catalog(entities, views, transformations, current.featureServices());

        List<FeatureService> services = new ArrayList<>(current.featureServices());
        for (DefinitionDocument.FeatureServiceSpec spec : doc.featureServices()) {
            FeatureService resolved = resolve(spec, withViews, problems);
            versioned(Plan.Kind.FEATURE_SERVICE, spec.name(), current.latestFeatureService(spec.name()), resolved,
                    FeatureService::version, FeatureService::withVersion, DefinitionCodec::toJson, changes, created, services);
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return new Plan(changes, created, new Catalog(entities, views, transformations, services));
    }

    /** The inputs a feature service offers its transformations: view columns and request fields, by type. */
    public static Map<String, ValueType> inputs(FeatureService service, Catalog catalog) {
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        for (FeatureRef ref : service.features()) {
            catalog.featureView(ref.view(), ref.viewVersion()).flatMap(v -> v.feature(ref.feature()))
                    .ifPresent(f -> inputs.put(ref.column(), f.type().valueType()));
        }
        service.requestFeatures().forEach(r -> inputs.put(r.name(), r.type().valueType()));
        return inputs;
    }

    private static void checkView(FeatureView v, Catalog catalog, List<String> problems) {
        String at = "featureView " + v.name();
        Set<String> keyNames = new HashSet<>();
        for (String entityName : v.entities()) {
            Optional<Entity> entity = catalog.latestEntity(entityName);
            if (entity.isEmpty()) {
                problems.add(at + ": entity '" + entityName + "' is not defined; define it under entities");
            } else {
                entity.get().joinKeys().forEach(k -> keyNames.add(k.name()));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Feature f : v.features()) {
            if (!seen.add(f.name())) {
                problems.add(at + ": feature '" + f.name() + "' is declared twice");
            }
            if (keyNames.contains(f.name())) {
                problems.add(at + ": feature '" + f.name() + "' has the name of a join key");
            }
            if (RESERVED.contains(f.name())) {
                problems.add(at + ": '" + f.name() + "' is reserved for the store's own columns; rename the feature");
            }
        }
    }

    private static FeatureService resolve(DefinitionDocument.FeatureServiceSpec spec, Catalog catalog, List<String> problems) {
        String at = "featureService " + spec.name();
        List<FeatureRef> refs = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        for (String text : spec.features()) {
            Matcher m = REFERENCE.matcher(text);
            if (!m.matches()) {
                problems.add(at + ": '" + text + "' is not a feature reference; write view:feature or view@2:feature");
                continue;
            }
            String viewName = m.group(1);
            Optional<FeatureView> view = m.group(2) == null ? catalog.latestFeatureView(viewName)
                    : catalog.featureView(viewName, Integer.parseInt(m.group(2)));
            if (view.isEmpty()) {
                problems.add(at + ": feature view '" + viewName + (m.group(2) == null ? "" : "@" + m.group(2))
                        + "' does not exist");
                continue;
            }
            if (view.get().feature(m.group(3)).isEmpty()) {
                problems.add(at + ": feature view " + view.get().reference() + " has no feature '" + m.group(3) + "'");
                continue;
            }
            FeatureRef ref = new FeatureRef(viewName, view.get().version(), m.group(3));
            if (!columns.add(ref.column())) {
                problems.add(at + ": '" + text + "' is listed twice");
                continue;
            }
            refs.add(ref);
        }
        List<FeatureService.TransformationRef> transformationRefs = new ArrayList<>();
        List<Transformation> transformations = new ArrayList<>();
        for (String text : spec.transformations()) {
            Matcher m = VERSIONED_NAME.matcher(text);
            Optional<Transformation> t = !m.matches() ? Optional.empty() : m.group(2) == null
                    ? catalog.latestTransformation(m.group(1)) : catalog.transformation(m.group(1), Integer.parseInt(m.group(2)));
            if (t.isEmpty()) {
                problems.add(at + ": transformation '" + text + "' does not exist");
                continue;
            }
            transformationRefs.add(new FeatureService.TransformationRef(t.get().name(), t.get().version()));
            transformations.add(t.get());
        }
        FeatureService service = new FeatureService(spec.name(), 0, refs, transformationRefs, spec.requestFeatures(),
                spec.description());
        Map<String, ValueType> inputs = inputs(service, catalog);
        for (Transformation t : transformations) {
            if (columns.contains(t.name()) || inputs.containsKey(t.name())) {
                problems.add(at + ": transformation '" + t.name() + "' has the name of one of its inputs");
            }
            try {
                ValueType type = Expression.compile(t.expression(), inputs).type();
                boolean widened = type == ValueType.INT64 && t.type() == FeatureType.FLOAT64;
                if (type != t.type().valueType() && !widened) {
                    problems.add(at + ": transformation '" + t.name() + "' is declared " + t.type().code()
                            + " but its expression gives " + type.name().toLowerCase());
                }
            } catch (ExpressionException e) {
                problems.add(at + ": transformation '" + t.name() + "': " + e.getMessage());
            }
        }
        return service;
    }

    /**
     * Adds the next version of {@code declared} unless it equals the latest; records the change and its
     * differences.
     */
    private static <T> void versioned(Plan.Kind kind, String name, Optional<T> latest, T declared,
                                      Function<T, Integer> version, VersionSetter<T> withVersion,
                                      Function<T, ObjectNode> json, List<Plan.Change> changes, List<Object> created,
                                      List<T> all) {
        if (latest.isEmpty()) {
            T first = withVersion.apply(declared, 1);
            all.add(first);
            created.add(first);
            changes.add(new Plan.Change(kind, name, Plan.Action.CREATE, 1, List.of()));
            return;
        }
        ObjectNode before = json.apply(latest.get()).without("version");
        ObjectNode after = json.apply(declared).without("version");
        if (before.equals(after)) {
            changes.add(new Plan.Change(kind, name, Plan.Action.UNCHANGED, version.apply(latest.get()), List.of()));
            return;
        }
        T next = withVersion.apply(declared, version.apply(latest.get()) + 1);
        all.add(next);
        created.add(next);
        changes.add(new Plan.Change(kind, name, Plan.Action.NEW_VERSION, version.apply(next), differences(before, after)));
    }

    private static List<String> differences(ObjectNode before, ObjectNode after) {
        List<String> differences = new ArrayList<>();
        Set<String> fields = new java.util.TreeSet<>(before.propertyNames());
        fields.addAll(after.propertyNames());
        for (String field : fields) {
            JsonNode a = before.get(field);
            JsonNode b = after.get(field);
            if (java.util.Objects.equals(a, b)) {
                continue;
            }
            if (a != null && b != null && a.isArray() && b.isArray() && field.equals("features") && a.path(0).isObject()) {
                Map<String, JsonNode> old = byName(a);
                Map<String, JsonNode> now = byName(b);
                old.keySet().stream().filter(n -> !now.containsKey(n)).forEach(n -> differences.add("feature removed: " + n));
                now.keySet().stream().filter(n -> !old.containsKey(n)).forEach(n -> differences.add("feature added: " + n));
                now.keySet().stream().filter(n -> old.containsKey(n) && !old.get(n).equals(now.get(n)))
                        .forEach(n -> differences.add("feature changed: " + n + ": " + old.get(n) + " -> " + now.get(n)));
            } else {
                differences.add(field + ": " + (a == null ? "(none)" : a.toString()) + " -> " + (b == null ? "(none)" : b.toString()));
            }
        }
        return differences;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        array.forEach(n -> map.put(n.path("name").asString(), n));
        return map;
    }

    private static <T> void duplicates(List<T> items, Function<T, String> name, String section, List<String> problems) {
        Set<String> seen = new HashSet<>();
        items.stream().map(name).filter(n -> !seen.add(n))
                .forEach(n -> problems.add(section + ": '" + n + "' is defined twice in the document"));
    }

    @FunctionalInterface
    private interface VersionSetter<T> {
        T apply(T item, int version);
    }
}
