package org.steward.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A logistic-regression scorecard read from Steward's own JSON ({@code steward-scorecard/1}, see
 * {@code SCORECARD_FORMAT.md}): {@code margin = intercept + Σ coefficient · woe(bin of the value)}, the log-odds of the
 * target class, and {@code probability = sigmoid(margin)}.
 *
 * <p>Besides scores it gives the points per attribute under PDO scaling ({@link #points}), which is how a scorecard is
 * read by credit officers and how its reason codes are found. Immutable, so thread-safe.
 */
public final class Scorecard implements ScoringModel {

    static final String FORMAT = "steward-scorecard/1";

    /**
     * The points of one row.
     *
     * @param byFeature points per input in model order; each includes an equal share of the base points (offset and
     *                  intercept), as a printed scorecard does, so they add up to the total
     * @param total     the score: {@code offset - factor · margin} with {@code factor = pdo / ln 2} and
     *                  {@code offset = baseScore - factor · ln(baseOdds)}; higher means lower risk
     */
    public record Points(Map<String, Double> byFeature, double total) {
    }

    /** Scaling: {@code baseScore} points at good:bad odds of {@code baseOdds}, and {@code pdo} points double them. */
    record Scaling(double baseScore, double baseOdds, double pdo) {

        double factor() {
            return pdo / Math.log(2);
        }

        double offset() {
            return baseScore - factor() * Math.log(baseOdds);
        }
    }

    private sealed interface Bins permits NumericBins, CategoricalBins {
        /** The weight of evidence of the row's value, or {@code missingWoe} when it is missing or unknown. */
        double woe(Map<String, ?> row, InputField field, double missingWoe);
    }

    /** Bin {@code i} holds {@code uppers[i-1] <= x < uppers[i]}; the last upper is +∞. */
    private record NumericBins(double[] uppers, double[] woes) implements Bins {
        @Override
        public double woe(Map<String, ?> row, InputField field, double missingWoe) {
            double value = Inputs.number(row, field);
            if (Double.isNaN(value)) {
                return missingWoe;
            }
            int bin = 0;
            while (bin < uppers.length - 1 && value >= uppers[bin]) {
                bin++;
            }
            return woes[bin];
        }
    }

    private record CategoricalBins(Map<String, Double> woeByValue) implements Bins {
        @Override
        public double woe(Map<String, ?> row, InputField field, double missingWoe) {
            String value = Inputs.string(row, field);
            return value == null ? missingWoe : woeByValue.getOrDefault(value, missingWoe);
        }
    }

    private record Feature(InputField field, Bins bins, double missingWoe, double coefficient) {
        double contribution(Map<String, ?> row) {
            return coefficient * bins.woe(row, field, missingWoe);
        }
    }

    private final String target;
    private final double intercept;
    private final List<Feature> features;
    private final Scaling scaling;
    private final InputSignature signature;
    private final String sha256;

    private Scorecard(String target, double intercept, List<Feature> features, Scaling scaling,
                      InputSignature signature, String sha256) {
        this.target = target;
        this.intercept = intercept;
        this.features = features;
        this.scaling = scaling;
        this.signature = signature;
        this.sha256 = sha256;
    }

    /** The class whose log-odds the margin is, e.g. {@code bad}. */
    public String target() {
        return target;
    }

    @Override
    public Score score(Map<String, ?> row) {
        double margin = intercept;
        for (Feature feature : features) {
            margin += feature.contribution(row);
        }
        return Score.ofMargin(margin);
    }

    @Override
    public List<Score> score(List<? extends Map<String, ?>> rows) {
        return rows.stream().map(this::score).toList();
    }

    /** The regression intercept: the margin before any input contributes. */
    public double intercept() {
        return intercept;
    }

    /**
     * Each input's term of the margin, {@code coefficient · woe} of the row's bin, in signature order:
     * {@code margin = intercept() + Σ contributions}.
     */
    public Map<String, Double> contributions(Map<String, ?> row) {
        var byFeature = new LinkedHashMap<String, Double>();
        for (Feature feature : features) {
            byFeature.put(feature.field().name(), feature.contribution(row));
        }
        return Collections.unmodifiableMap(byFeature);
    }

    /** The points per attribute of {@code row} and its score, under the card's PDO scaling. */
    public Points points(Map<String, ?> row) {
        double factor = scaling.factor();
        double share = (scaling.offset() - factor * intercept) / features.size();
        var byFeature = new LinkedHashMap<String, Double>();
        double total = 0;
        for (Feature feature : features) {
            double points = share - factor * feature.contribution(row);
            byFeature.put(feature.field().name(), points);
            total += points;
        }
        return new Points(Collections.unmodifiableMap(byFeature), total);
    }

    @Override
    public InputSignature signature() {
        return signature;
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.SCORECARD_JSON;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        // nothing native to release
    }

    static Scorecard parse(byte[] artifact, InputSignature signature, String sha256, JsonMapper json) {
        JsonNode root;
        try {
            root = json.readTree(artifact);
        } catch (JacksonException e) {
            throw new ModelLoadException("not scorecard JSON: " + e.getOriginalMessage(), e);
        }
        object(root, "scorecard", Set.of("format", "target", "intercept", "features", "scaling"));
        String format = text(root, "format", "scorecard");
        if (!format.equals(FORMAT)) {
            throw new ModelLoadException("scorecard format '" + format + "' is not " + FORMAT);
        }
        JsonNode featureNodes = root.get("features");
        if (featureNodes == null || !featureNodes.isArray() || featureNodes.isEmpty()) {
            throw new ModelLoadException("scorecard: 'features' must be a non-empty array");
        }
        if (featureNodes.size() != signature.size()) {
            throw new ModelLoadException("the scorecard has " + featureNodes.size() + " features but the signature"
                    + " declares " + signature.size());
        }
        var features = new ArrayList<Feature>();
        for (int i = 0; i < featureNodes.size(); i++) {
            features.add(feature(featureNodes.get(i), "features[" + i + "]", signature.fields().get(i)));
        }
        JsonNode scalingNode = root.get("scaling");
        object(scalingNode, "scaling", Set.of("baseScore", "baseOdds", "pdo"));
        var scaling = new Scaling(number(scalingNode, "baseScore", "scaling"),
                positive(scalingNode, "baseOdds", "scaling"), positive(scalingNode, "pdo", "scaling"));
        return new Scorecard(text(root, "target", "scorecard"), number(root, "intercept", "scorecard"),
                List.copyOf(features), scaling, signature, sha256);
    }

    private static Feature feature(JsonNode node, String path, InputField field) {
        object(node, path, Set.of("name", "type", "bins", "missingWoe", "coefficient"));
        String name = text(node, "name", path);
        String type = text(node, "type", path);
        FieldType expected = switch (type) {
            case "number" -> FieldType.NUMBER;
            case "string" -> FieldType.STRING;
            default -> throw new ModelLoadException(path + ".type must be \"number\" or \"string\", is \"" + type + "\"");
        };
        if (!name.equals(field.name()) || expected != field.type()) {
            throw new ModelLoadException(path + " is " + name + " (" + expected + ") but the signature has "
                    + field.name() + " (" + field.type() + ") in that place");
        }
        JsonNode bins = node.get("bins");
        if (bins == null || !bins.isArray() || bins.isEmpty()) {
            throw new ModelLoadException(path + ".bins must be a non-empty array");
        }
        Bins parsed = expected == FieldType.NUMBER ? numericBins(bins, path) : categoricalBins(bins, path);
        return new Feature(field, parsed, number(node, "missingWoe", path), number(node, "coefficient", path));
    }

    private static NumericBins numericBins(JsonNode bins, String path) {
        int count = bins.size();
        double[] uppers = new double[count];
        double[] woes = new double[count];
        for (int i = 0; i < count; i++) {
            String binPath = path + ".bins[" + i + "]";
            JsonNode bin = bins.get(i);
            object(bin, binPath, Set.of("upper", "woe"));
            JsonNode upper = bin.get("upper");
            boolean last = i == count - 1;
            if (last) {
                if (upper == null || !upper.isNull()) {
                    throw new ModelLoadException(binPath + ".upper must be null: the last bin is open-ended");
                }
                uppers[i] = Double.POSITIVE_INFINITY;
            } else {
                uppers[i] = number(bin, "upper", binPath);
                if (i > 0 && uppers[i] <= uppers[i - 1]) {
                    throw new ModelLoadException(binPath + ".upper must be greater than the previous bin's");
                }
            }
            woes[i] = number(bin, "woe", binPath);
        }
        return new NumericBins(uppers, woes);
    }

    private static CategoricalBins categoricalBins(JsonNode bins, String path) {
        var woeByValue = new HashMap<String, Double>();
        for (int i = 0; i < bins.size(); i++) {
            String binPath = path + ".bins[" + i + "]";
            JsonNode bin = bins.get(i);
            object(bin, binPath, Set.of("values", "woe"));
            JsonNode values = bin.get("values");
            if (values == null || !values.isArray() || values.isEmpty()) {
                throw new ModelLoadException(binPath + ".values must be a non-empty array of strings");
            }
            double woe = number(bin, "woe", binPath);
            for (JsonNode value : values) {
                if (!value.isString()) {
                    throw new ModelLoadException(binPath + ".values must hold strings only");
                }
                if (woeByValue.put(value.stringValue(), woe) != null) {
                    throw new ModelLoadException(binPath + ": value \"" + value.stringValue() + "\" is in two bins");
                }
            }
        }
        return new CategoricalBins(Map.copyOf(woeByValue));
    }

    private static void object(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new ModelLoadException(path + " must be a JSON object");
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new ModelLoadException(path + " has an unknown field '" + name + "'; allowed: " + allowed);
            }
        }
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new ModelLoadException(path + "." + name + " must be a non-empty string");
        }
        return value.stringValue();
    }

    private static double number(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new ModelLoadException(path + "." + name + " must be a finite number");
        }
        return value.doubleValue();
    }

    private static double positive(JsonNode node, String name, String path) {
        double value = number(node, name, path);
        if (value <= 0) {
            throw new ModelLoadException(path + "." + name + " must be positive");
        }
        return value;
    }
}
