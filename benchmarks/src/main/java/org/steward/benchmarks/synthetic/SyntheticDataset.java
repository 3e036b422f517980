package org.steward.benchmarks.synthetic;

import org.steward.featurestore.definition.FeatureType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link SyntheticBank} wrote: the CSV batches in the order they are to be ingested, the entity rows, and
 * the definitions that describe them.
 *
 * @param batches    every view's batches, in ingest order
 * @param entityRows CSV with {@code row_id}, {@code customer_id}, {@code event_time}
 */
public record SyntheticDataset(Path directory, SyntheticBank.Options options, List<SyntheticView> views,
                               List<Batch> batches, Path entityRows, long entityRowCount, EntityStats entityStats) {

    public enum Kind { REGULAR, LATE, CORRECTIONS }

    /**
     * One CSV file: the join key, {@code event_time} and the view's features, as Steward ingests it.
     *
     * @param loadedAt when a store that records one load time per batch (as the peers' created column) loaded it:
     *                 later batches later, so a correction's created time is after the row it corrects
     */
    public record Batch(SyntheticView view, Path file, Kind kind, long rows, Instant loadedAt) {

        Batch loadedAt(Instant time) {
            return new Batch(view, file, kind, rows, time);
        }
    }

    /**
     * @param atEventTime   entity rows whose time is exactly a feature row's event time
     * @param atTtlBoundary entity rows whose time is exactly a feature row's event time plus its view's ttl
     */
    public record EntityStats(long atEventTime, long atTtlBoundary) {
    }

    public SyntheticDataset {
        views = List.copyOf(views);
        batches = List.copyOf(batches);
    }

    public List<Batch> batches(SyntheticView view) {
        return batches.stream().filter(b -> b.view().equals(view)).toList();
    }

    public long featureRows() {
        return batches.stream().mapToLong(Batch::rows).sum();
    }

    /** The entity, the three views and a feature service over all their features, as Steward applies them. */
    public String definitionsYaml() {
        StringBuilder yaml = new StringBuilder("""
                entities:
                  - name: %s
                    description: A retail customer of the synthetic bank.
                    joinKeys: [{name: %s, type: string}]
                featureViews:
                """.formatted(SyntheticBank.ENTITY, SyntheticBank.JOIN_KEY));
        for (SyntheticView view : views) {
            yaml.append("""
                      - name: %s
                        description: "%s"
                        entities: [%s]
                        ttl: %s
                        owner: dana
                        source: {type: batch}
                        features:
                    """.formatted(view.name(), view.description(), SyntheticBank.ENTITY, ttl(view.ttl())));
            for (SyntheticFeature feature : view.features()) {
                yaml.append("      - {name: ").append(feature.name()).append(", type: ").append(feature.type().code())
                        .append(", nullable: ").append(feature.nullable()).append("}\n");
            }
        }
        yaml.append("featureServices:\n  - name: ").append(SyntheticBank.FEATURE_SERVICE).append('\n')
                .append("    description: Every feature of the synthetic bank.\n    features:\n");
        for (SyntheticView view : views) {
            for (SyntheticFeature feature : view.features()) {
                yaml.append("      - ").append(view.name()).append(':').append(feature.name()).append('\n');
            }
        }
        return yaml.toString();
    }

    /** The training set's feature columns, {@code view__feature}, in the service's order, with their types. */
    public List<Column> featureColumns() {
        return views.stream().flatMap(v -> v.features().stream().map(f -> new Column(v.name() + "__" + f.name(), f.type())))
                .toList();
    }

    public record Column(String name, FeatureType type) {
    }

    public String describe() {
        return views.stream().map(v -> v.name() + " " + batches(v).stream().mapToLong(Batch::rows).sum() + " rows (ttl "
                        + ttl(v.ttl()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String ttl(Duration ttl) {
        return ttl.isZero() ? "0" : ttl.toDays() + "d";
    }
}
