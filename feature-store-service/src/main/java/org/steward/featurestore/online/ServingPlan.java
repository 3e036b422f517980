package org.steward.featurestore.online;

import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionPlanner;
import org.steward.featurestore.definition.FeatureRef;
import org.steward.featurestore.definition.FeatureService;
import org.steward.featurestore.definition.FeatureType;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.definition.JoinKey;
import org.steward.featurestore.definition.Transformation;
import org.steward.featurestore.expression.Expression;
import org.steward.featurestore.offline.OfflineTables;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What serving one feature service version needs, resolved and compiled once: the pinned view versions with
 * their keys, ttl and the features taken from each, the compiled transformations and the request features.
 * A service version pins everything it reads, so a plan never goes stale and can be cached for good.
 *
 * @param keys every join key the views need, in first-seen order: what each requested entity must carry
 */
public record ServingPlan(FeatureService service, List<ViewPlan> views, List<TransformationPlan> transformations,
                          Map<String, FeatureType> requestFeatures, List<JoinKey> keys) {

    /** The features served from one view version, in the service's order. */
    public record ViewPlan(ViewVersion view, List<JoinKey> keys, Duration ttl, List<String> features,
                           List<FeatureType> types, List<String> columns) {
    }

    public record TransformationPlan(String name, FeatureType type, Expression expression) {
    }

    /** @throws IllegalStateException if the catalog lacks something the service pins (the catalog is append-only) */
    public static ServingPlan compile(FeatureService service, Catalog catalog) {
        Map<ViewVersion, List<FeatureRef>> byView = new LinkedHashMap<>();
        service.features().forEach(ref -> byView.computeIfAbsent(new ViewVersion(ref.view(), ref.viewVersion()),
                v -> new ArrayList<>()).add(ref));
        List<ViewPlan> views = new ArrayList<>();
        Map<String, JoinKey> keys = new LinkedHashMap<>();
        byView.forEach((version, refs) -> {
            FeatureView view = catalog.featureView(version.name(), version.version())
                    .orElseThrow(() -> new IllegalStateException(service.name() + "@" + service.version()
                            + " pins " + version.reference() + ", which the catalog lacks"));
            List<JoinKey> viewKeys = OfflineTables.joinKeys(view, catalog);
            viewKeys.forEach(k -> keys.putIfAbsent(k.name(), k));
            views.add(new ViewPlan(version, viewKeys, view.ttl(), refs.stream().map(FeatureRef::feature).toList(),
                    refs.stream().map(r -> view.feature(r.feature()).orElseThrow().type()).toList(),
                    refs.stream().map(FeatureRef::column).toList()));
        });
        var inputs = DefinitionPlanner.inputs(service, catalog);
        List<TransformationPlan> transformations = service.transformations().stream().map(ref -> {
            Transformation t = catalog.transformation(ref.name(), ref.version())
                    .orElseThrow(() -> new IllegalStateException(service.name() + "@" + service.version() + " pins transformation "
                            + ref.name() + "@" + ref.version() + ", which the catalog lacks"));
            return new TransformationPlan(t.name(), t.type(), Expression.compile(t.expression(), inputs));
        }).toList();
        Map<String, FeatureType> request = new LinkedHashMap<>();
        service.requestFeatures().forEach(r -> request.put(r.name(), r.type()));
        return new ServingPlan(service, views, transformations, request, List.copyOf(keys.values()));
    }
}
