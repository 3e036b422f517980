package org.steward.featurestore.definition;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every version of every definition the store holds; small enough to plan against in memory. */
public record Catalog(List<Entity> entities, List<FeatureView> featureViews, List<Transformation> transformations,
                      List<FeatureService> featureServices) {

    public static final Catalog EMPTY = new Catalog(List.of(), List.of(), List.of(), List.of());

    public Catalog {
        entities = List.copyOf(entities);
        featureViews = List.copyOf(featureViews);
        transformations = List.copyOf(transformations);
        featureServices = List.copyOf(featureServices);
    }

    public Optional<Entity> latestEntity(String name) {
        return latest(entities, Entity::name, Entity::version, name);
    }

    public Optional<FeatureView> latestFeatureView(String name) {
        return latest(featureViews, FeatureView::name, FeatureView::version, name);
    }

    public Optional<FeatureView> featureView(String name, int version) {
        return featureViews.stream().filter(v -> v.name().equals(name) && v.version() == version).findFirst();
    }

    public Optional<Transformation> latestTransformation(String name) {
        return latest(transformations, Transformation::name, Transformation::version, name);
    }

    public Optional<Transformation> transformation(String name, int version) {
        return transformations.stream().filter(t -> t.name().equals(name) && t.version() == version).findFirst();
    }

    public Optional<FeatureService> latestFeatureService(String name) {
        return latest(featureServices, FeatureService::name, FeatureService::version, name);
    }

    public Optional<FeatureService> featureService(String name, int version) {
        return featureServices.stream().filter(s -> s.name().equals(name) && s.version() == version).findFirst();
    }

    /** The latest version of each definition, by name. */
    public Catalog latestOnly() {
        return new Catalog(latestOf(entities, Entity::name, Entity::version),
                latestOf(featureViews, FeatureView::name, FeatureView::version),
                latestOf(transformations, Transformation::name, Transformation::version),
                latestOf(featureServices, FeatureService::name, FeatureService::version));
    }

    private static <T> Optional<T> latest(List<T> items, Function<T, String> name, Function<T, Integer> version, String wanted) {
        return items.stream().filter(i -> name.apply(i).equals(wanted)).max(Comparator.comparing(version));
    }

    private static <T> List<T> latestOf(List<T> items, Function<T, String> name, Function<T, Integer> version) {
        Map<String, T> latest = items.stream().collect(Collectors.toMap(name, i -> i,
                (a, b) -> version.apply(a) >= version.apply(b) ? a : b, java.util.TreeMap::new));
        return List.copyOf(latest.values());
    }
}
