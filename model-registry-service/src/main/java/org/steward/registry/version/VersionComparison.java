package org.steward.registry.version;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two versions of a model side by side: every metric with its change, and the params and lineage that differ.
 * Nested values are compared leaf by leaf under their paths ({@code calibration[3].observed},
 * {@code lineage.code.gitCommit}), so a validator sees exactly what moved.
 *
 * @param sameArtifact true when both versions have the same bytes (same address)
 */
public record VersionComparison(String model, Side a, Side b, boolean sameArtifact, List<Metric> metrics,
                                List<Difference> params, List<Difference> lineage) {

    public record Side(int version, VersionStatus status, String artifactSha256, String lineageSha256) {
    }

    /** A metric of either version; {@code delta} is {@code b - a} when both are numbers. */
    public record Metric(String name, JsonNode a, JsonNode b, Double delta) {
    }

    /** A value that differs; null on the side that lacks it. */
    public record Difference(String path, JsonNode a, JsonNode b) {
    }

    /** Compares {@code a} with {@code b}; the lineages come as JSON trees, as they are recorded. */
    public static VersionComparison of(ModelVersion a, JsonNode lineageA, ModelVersion b, JsonNode lineageB) {
        Map<String, JsonNode> metricsA = leaves(a.metrics());
        Map<String, JsonNode> metricsB = leaves(b.metrics());
        List<Metric> metrics = new ArrayList<>();
        for (String name : union(metricsA, metricsB)) {
            JsonNode x = metricsA.get(name);
            JsonNode y = metricsB.get(name);
            Double delta = x != null && y != null && x.isNumber() && y.isNumber() ? y.doubleValue() - x.doubleValue() : null;
            metrics.add(new Metric(name, x, y, delta));
        }
        return new VersionComparison(a.model(), side(a), side(b), a.artifactSha256().equals(b.artifactSha256()), metrics,
                differences(a.params(), b.params()), differences(lineageA, lineageB));
    }

    private static Side side(ModelVersion v) {
        return new Side(v.version(), v.status(), v.artifactSha256(), v.lineageSha256());
    }

    private static List<Difference> differences(JsonNode a, JsonNode b) {
        Map<String, JsonNode> x = leaves(a);
        Map<String, JsonNode> y = leaves(b);
        List<Difference> differences = new ArrayList<>();
        for (String path : union(x, y)) {
            if (!Objects.equals(x.get(path), y.get(path))) {
                differences.add(new Difference(path, x.get(path), y.get(path)));
            }
        }
        return differences;
    }

    private static TreeSet<String> union(Map<String, JsonNode> x, Map<String, JsonNode> y) {
        TreeSet<String> names = new TreeSet<>(x.keySet());
        names.addAll(y.keySet());
        return names;
    }

    /** The leaves of a tree by path; empty objects and arrays, and nulls, are leaves too. */
    static Map<String, JsonNode> leaves(JsonNode node) {
        Map<String, JsonNode> leaves = new TreeMap<>();
        collect("", node, leaves);
        return leaves;
    }

    private static void collect(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node == null) {
            return;
        }
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(m -> collect(path.isEmpty() ? m.getKey() : path + "." + m.getKey(), m.getValue(), leaves));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), leaves);
            }
        } else if (!path.isEmpty()) {
            leaves.put(path, node);
        }
    }
}
