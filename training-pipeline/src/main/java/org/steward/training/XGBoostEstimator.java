package org.steward.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gradient-boosted trees with XGBoost4J, saved as XGBoost's JSON model. Numbers enter imputed and capped as fitted
 * (missing ones, when not imputed, as XGBoost's native missing value); categories one-hot encoded over the train
 * window's categories, so the model's inputs are the encoded columns, which the version's params describe for serving.
 * Deterministic: one thread, the histogram method, the seed from the spec, parameters passed in sorted order.
 */
final class XGBoostEstimator {

    private XGBoostEstimator() {
    }

    /** One input column of the model: a number, or the indicator of one category of a categorical feature. */
    private record Column(String name, FeatureTransform transform, String category) {
    }

    static Fitted fit(PipelineSpec.XGBoost settings, PipelineSpec.OneHot oneHot, long seed,
                      List<FeatureTransform> transforms, Snapshot snapshot, Split train) {
        List<Column> columns = columns(transforms, oneHot, snapshot, train);
        double[][] encoded = encode(columns, snapshot, train);
        int n = train.size();
        float[] matrix = new float[n * columns.size()];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < columns.size(); c++) {
                matrix[i * columns.size() + c] = (float) encoded[c][i];
            }
            labels[i] = train.labels()[i];
        }
        SortedMap<String, Object> params = new TreeMap<>(settings.params());
        params.put("objective", "binary:logistic");
        params.put("tree_method", "hist");
        params.put("nthread", 1);
        params.put("seed", seed);
        params.putIfAbsent("verbosity", 0);
        byte[] artifact;
        try {
            DMatrix data = new DMatrix(matrix, n, columns.size(), Float.NaN);
            try {
                data.setLabel(labels);
                data.setFeatureNames(columns.stream().map(Column::name).toArray(String[]::new));
                Booster booster = XGBoost.train(data, params, settings.rounds(), Map.of(), null, null);
                try {
                    artifact = booster.toByteArray("json");
                } finally {
                    booster.dispose();
                }
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new PipelineException(PipelineException.Kind.TRAINING, "XGBoost failed: " + e.getMessage(), e);
        }
        ObjectNode paramsJson = JsonNodeFactory.instance.objectNode();
        paramsJson.put("type", "xgboost");
        paramsJson.put("rounds", settings.rounds());
        ObjectNode effective = paramsJson.putObject("params");
        params.forEach((name, value) -> {
            switch (value) {
                case Integer i -> effective.put(name, i.longValue());
                case Long l -> effective.put(name, l);
                case Number number -> effective.put(name, number.doubleValue());
                case Boolean b -> effective.put(name, b);
                default -> effective.put(name, value.toString());
            }
        });
        ArrayNode encoding = paramsJson.putArray("encoding");
        for (Column column : columns) {
            ObjectNode entry = encoding.addObject().put("column", column.name()).put("feature", column.transform().name());
            if (column.category() != null) {
                entry.put("category", column.category());
            }
        }
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.put("columns", columns.size());
        return new Fitted(artifact, ModelFormat.XGBOOST_JSON, new InputSignature(columns.stream()
                .map(c -> new InputField(c.name(), FieldType.NUMBER)).toList()),
                (data, split) -> rows(columns, data, split), paramsJson, results);
    }

    /**
     * Numbers as they are; each category with at least {@code minCategoryShare} of the train rows (at least one
     * row) gets an indicator column named {@code feature__slug}, in category order.
     */
    private static List<Column> columns(List<FeatureTransform> transforms, PipelineSpec.OneHot oneHot,
                                        Snapshot snapshot, Split train) {
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long minCount = (long) Math.max(1, Math.ceil(oneHot.minCategoryShare() * train.size()));
        for (FeatureTransform t : transforms) {
            if (t.numeric()) {
                columns.add(new Column(unique(t.name(), names), t, null));
                continue;
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String value : t.apply(train.texts(snapshot, t.name()))) {
                if (value != null) {
                    counts.merge(value, 1L, Long::sum);
                }
            }
            counts.forEach((category, count) -> {
                if (count >= minCount) {
                    columns.add(new Column(unique(t.name() + "__" + slug(category), names), t, category));
                }
            });
        }
        return columns;
    }

    /** Lower case, runs of anything but letters and digits as one underscore: XGBoost refuses some characters. */
    private static String slug(String category) {
        String slug = category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return slug.isEmpty() ? "blank" : slug;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int k = 2; !taken.add(candidate); k++) {
            candidate = name + "_" + k;
        }
        return candidate;
    }

    /**
     * A window's columns encoded, one array per model input: numbers imputed and capped, categories imputed then
     * one-hot; NaN where a value is missing.
     */
    private static double[][] encode(List<Column> columns, Snapshot snapshot, Split split) {
        Map<String, Object> prepared = new HashMap<>();
        double[][] encoded = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            FeatureTransform t = column.transform();
            Object values = prepared.computeIfAbsent(t.name(), name -> t.numeric()
                    ? t.apply(split.numbers(snapshot, name)) : t.apply(split.texts(snapshot, name)));
            if (values instanceof double[] numbers) {
                encoded[c] = numbers;
            } else {
                String[] categories = (String[]) values;
                encoded[c] = new double[categories.length];
                for (int i = 0; i < categories.length; i++) {
                    encoded[c][i] = categories[i] == null ? Double.NaN : categories[i].equals(column.category()) ? 1 : 0;
                }
            }
        }
        return encoded;
    }

    /** A window's rows as the runtime scores them; missing values are null. */
    private static List<Map<String, Object>> rows(List<Column> columns, Snapshot snapshot, Split split) {
        double[][] encoded = encode(columns, snapshot, split);
        List<Map<String, Object>> rows = new ArrayList<>(split.size());
        for (int i = 0; i < split.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c).name(), Double.isNaN(encoded[c][i]) ? null : encoded[c][i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
