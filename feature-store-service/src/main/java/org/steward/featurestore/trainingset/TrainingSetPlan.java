package org.steward.featurestore.trainingset;

import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionPlanner;
import org.steward.featurestore.definition.FeatureRef;
import org.steward.featurestore.definition.FeatureService;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;
import org.steward.featurestore.definition.Transformation;
import org.steward.featurestore.expression.Expression;
import org.steward.featurestore.expression.ExpressionException;
import org.steward.featurestore.expression.ValueType;
import org.steward.featurestore.offline.OfflineTables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one feature service needs for a training set, resolved against the catalog once, so that a job that runs
 * later uses exactly the versions the request was accepted with: the view versions to join (each with its offline
 * table, join keys and ttl), the join keys the entity rows must carry, and the compiled transformations.
 *
 * @param views           in the order their first feature appears in the service
 * @param joinKeys        every view's keys, each name once
 * @param transformations in the service's order
 */
public record TrainingSetPlan(FeatureService service, List<ViewJoin> views, List<JoinKey> joinKeys,
                              List<Derived> transformations) {

    public TrainingSetPlan {
        views = List.copyOf(views);
        joinKeys = List.copyOf(joinKeys);
        transformations = List.copyOf(transformations);
    }

    /** One view version joined as of each entity row's time, contributing the service's features from it. */
    public record ViewJoin(FeatureView view, List<JoinKey> keys, List<FeatureRef> features) {

        public ViewJoin {
            keys = List.copyOf(keys);
            features = List.copyOf(features);
        }

        public String table() {
            return OfflineTables.table(view);
        }
    }

    /** An on-demand transformation and its compiled expression, the one the serving path evaluates too. */
    public record Derived(Transformation transformation, Expression expression) {

        /** The value for one row; an INT64 result of a FLOAT64 transformation is widened as declared. */
        public Object evaluate(Map<String, ?> row) {
            Object value = expression.evaluate(row);
            return value instanceof Long l && transformation.type() == FeatureType.FLOAT64 ? (Object) l.doubleValue() : value;
        }
    }

    /**
     * @throws StewardException (unprocessable) if the service's views disagree on the type of a shared join key
     */
    public static TrainingSetPlan of(FeatureService service, Catalog catalog) {
        Map<String, List<FeatureRef>> byView = new LinkedHashMap<>();
        for (FeatureRef ref : service.features()) {
            byView.computeIfAbsent(ref.view() + "@" + ref.viewVersion(), k -> new ArrayList<>()).add(ref);
        }
        List<ViewJoin> views = new ArrayList<>();
        Map<String, JoinKey> keys = new LinkedHashMap<>();
        for (List<FeatureRef> refs : byView.values()) {
            FeatureRef first = refs.getFirst();
            FeatureView view = catalog.featureView(first.view(), first.viewVersion()).orElseThrow(() -> unprocessable(
                    "feature service " + name(service) + " pins " + first.view() + "@" + first.viewVersion() + ", which is not in the catalog"));
            List<JoinKey> viewKeys = OfflineTables.joinKeys(view, catalog);
            for (JoinKey key : viewKeys) {
                JoinKey known = keys.putIfAbsent(key.name(), key);
                if (known != null && known.type() != key.type()) {
                    throw unprocessable("feature service " + name(service) + ": join key '" + key.name() + "' is "
                            + known.type().code() + " in one view and " + key.type().code() + " in " + view.reference()
                            + "; a training set needs one type per key");
                }
            }
            views.add(new ViewJoin(view, viewKeys, refs));
        }
        Map<String, ValueType> inputs = DefinitionPlanner.inputs(service, catalog);
        List<Derived> derived = new ArrayList<>();
        for (FeatureService.TransformationRef ref : service.transformations()) {
            Transformation t = catalog.transformation(ref.name(), ref.version()).orElseThrow(() -> unprocessable(
                    "feature service " + name(service) + " pins transformation " + ref.name() + "@" + ref.version()
                            + ", which is not in the catalog"));
            try {
                derived.add(new Derived(t, Expression.compile(t.expression(), inputs)));
            } catch (ExpressionException e) {
                throw unprocessable("transformation " + t.name() + "@" + t.version() + " does not compile: " + e.getMessage());
            }
        }
        return new TrainingSetPlan(service, views, List.copyOf(keys.values()), derived);
    }

    /** The columns the store adds to the entity rows: the service's features, then its transformations. */
    public List<Column> derivedColumns() {
        List<Column> columns = new ArrayList<>();
        for (FeatureRef ref : service.features()) {
            FeatureType type = views.stream().filter(v -> v.features().contains(ref)).findFirst()
                    .flatMap(v -> v.view().feature(ref.feature())).orElseThrow().type();
            columns.add(new Column(ref.column(), ColumnType.of(type), Column.Role.FEATURE, ref.reference()));
        }
        for (Derived d : transformations) {
            Transformation t = d.transformation();
            columns.add(new Column(t.name(), ColumnType.of(t.type()), Column.Role.TRANSFORMATION, t.name() + "@" + t.version()));
        }
        return columns;
    }

    private static String name(FeatureService service) {
        return service.name() + "@" + service.version();
    }

    private static StewardException unprocessable(String detail) {
        return new StewardException(StewardException.Kind.UNPROCESSABLE, "Feature service cannot build a training set", detail);
    }
}
