package org.steward.training;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A training pipeline as written in YAML ({@code SPEC.md} describes every field): which model, which pinned feature
 * service and entity rows, the label, the train / validation / out-of-time windows, the preprocessing of each
 * feature, the estimator, the evaluation and the seeds. Parsing is strict — an unknown or misspelt field is refused,
 * not ignored — because the spec is recorded in the lineage as the definition of how the model was made.
 *
 * @param entityRows the entity rows' CSV as written, relative to the spec's directory; only needed when no existing
 *                   training set is given
 * @param features   the model's inputs, in model order
 * @param seeds      every seed the run uses, by what it drives
 * @param text       the spec exactly as written, which the lineage records
 */
public record PipelineSpec(String model, String description, String featureService, int featureServiceVersion,
                           String entityRows, Label label, Windows windows, Preprocessing preprocessing,
                           List<FeatureSpec> features, Estimator estimator, Evaluation evaluation,
                           SortedMap<String, Long> seeds, String text) {

    private static final Pattern PINNED = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*)@([1-9][0-9]*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** XGBoost parameters the pipeline sets itself, so that training is a binary classifier and deterministic. */
    private static final Set<String> RESERVED_XGBOOST = Set.of("objective", "nthread", "n_jobs", "seed", "random_state",
            "num_round", "num_boost_round", "tree_method", "device");

    public PipelineSpec {
        features = List.copyOf(features);
        seeds = Collections.unmodifiableSortedMap(new TreeMap<>(seeds));
    }

    /** What the model predicts: a 0/1 column of the entity rows, and its definition for people. */
    public record Label(String column, String definition, String source) {
    }

    /** A window of event times, {@code [from, to)}, each end a date at midnight UTC. */
    public record Window(LocalDate from, LocalDate to) {
    }

    /** Credit practice: develop on the train window, tune and profile on validation, test on the out-of-time window. */
    public record Windows(Window train, Window validation, Window outOfTime) {
    }

    /** How missing values are filled, from the train window only. */
    public enum ImputeMethod { NONE, MEDIAN, MODE, CONSTANT }

    /** @param constant the value for {@link ImputeMethod#CONSTANT}: a {@link Double} or a {@link String} */
    public record Impute(ImputeMethod method, Object constant) {
        static final Impute NONE = new Impute(ImputeMethod.NONE, null);
    }

    /** Capping at two percentiles of the train window (0-100). */
    public record Cap(double lower, double upper) {
        /** A feature's explicit {@code cap: none}, which overrides a default cap. */
        static final Cap NONE = new Cap(0, 0);
    }

    /** WoE binning: equal-frequency initial bins merged until every bin is big enough and, if asked, monotone. */
    public record Binning(int initialBins, double minBinShare, boolean monotone) {
    }

    /** One-hot encoding of categories (XGBoost): categories rarer than the share in the train window get no column. */
    public record OneHot(double minCategoryShare) {
    }

    /** What a feature of one kind gets unless it says otherwise. */
    public record Treatment(Impute impute, Cap cap) {
    }

    /** The defaults of all features. */
    public record Preprocessing(Treatment numeric, Treatment categorical, Binning binning, OneHot oneHot) {
    }

    /** One model input; null parts take the defaults of its kind. */
    public record FeatureSpec(String name, Impute impute, Cap cap, Binning binning) {
    }

    /** A feature with every default applied, once its kind is known from the training set's column type. */
    public record FeaturePlan(String name, boolean numeric, Impute impute, Cap cap, Binning binning) {
    }

    /** The estimator: a WoE scorecard fitted by IRLS, or XGBoost gradient boosting. */
    public sealed interface Estimator permits Scorecard, XGBoost {
    }

    /**
     * @param maxIterations Newton-Raphson steps at most; not converging by then is an error
     * @param tolerance     converged when no coefficient moves by more than this in a step
     */
    public record Scorecard(int maxIterations, double tolerance, double baseScore, double baseOdds, double pdo)
            implements Estimator {
    }

    /** @param params XGBoost's own parameters (max_depth, eta, subsample, …), sorted by name */
    public record XGBoost(int rounds, SortedMap<String, Object> params) implements Estimator {
        public XGBoost {
            params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        }
    }

    /**
     * @param policyCutoff decline when the probability of the label is at least this
     * @param scoreBands   probability band edges for calibration, increasing, inside (0, 1)
     * @param bootstrap    resamples for the Gini confidence intervals; 0 for none
     */
    public record Evaluation(double policyCutoff, List<Double> scoreBands, int bootstrap) {
        public Evaluation {
            scoreBands = List.copyOf(scoreBands);
        }
    }

    /** The spec with every default applied to {@code name}, a numeric or a categorical column. */
    public FeaturePlan plan(String name, boolean numeric) {
        FeatureSpec feature = features.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature " + name));
        Treatment defaults = numeric ? preprocessing.numeric() : preprocessing.categorical();
        if (!numeric && feature.cap() != null) {
            throw new PipelineException(PipelineException.Kind.SPEC, "feature " + name
                    + " is categorical in the training set, so it cannot be capped; remove its cap");
        }
        Cap cap = feature.cap() == null ? defaults.cap() : feature.cap() == Cap.NONE ? null : feature.cap();
        return new FeaturePlan(name, numeric, Objects.requireNonNullElse(feature.impute(), defaults.impute()), cap,
                feature.binning() != null ? feature.binning() : preprocessing.binning());
    }

    /** The feature names in model order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }

    /** The pinned feature service, {@code name@version}. */
    public String featureServiceRef() {
        return featureService + "@" + featureServiceVersion;
    }

    /**
     * Reads a spec from its YAML (or JSON) text.
     *
     * @throws PipelineException of kind {@link PipelineException.Kind#SPEC} naming the field at fault
     */
    public static PipelineSpec parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw invalid("the spec is not valid YAML: " + e.getOriginalMessage());
        }
        Node spec = new Node(root, "spec");
        spec.allow("model", "description", "featureService", "entityRows", "label", "windows", "preprocessing",
                "features", "estimator", "evaluation", "seeds");
        String model = spec.name("model");
        Matcher pinned = PINNED.matcher(spec.text("featureService"));
        if (!pinned.matches()) {
            throw invalid("spec.featureService must pin a feature service as name@version, e.g. german_credit_scorecard@1");
        }
        Estimator estimator = estimator(spec.object("estimator"));
        Preprocessing preprocessing = preprocessing(spec.optionalObject("preprocessing"), estimator);
        Evaluation evaluation = evaluation(spec.optionalObject("evaluation"));
        SortedMap<String, Long> seeds = seeds(spec.optionalObject("seeds"));
        if (evaluation.bootstrap() > 0 && !seeds.containsKey("bootstrap")) {
            throw invalid("spec.seeds.bootstrap is required for the bootstrap of the Gini confidence intervals "
                    + "(or set evaluation.bootstrap: 0)");
        }
        if (estimator instanceof XGBoost && !seeds.containsKey("xgboost")) {
            throw invalid("spec.seeds.xgboost is required: XGBoost's random choices (subsample, colsample) replay from it");
        }
        List<FeatureSpec> features = features(spec.array("features"), estimator, preprocessing.binning());
        return new PipelineSpec(model, spec.optionalText("description"), pinned.group(1),
                Integer.parseInt(pinned.group(2)), spec.optionalText("entityRows"), label(spec.object("label")),
                windows(spec.object("windows")), preprocessing, features, estimator, evaluation, seeds, text);
    }

    private static Label label(Node node) {
        node.allow("column", "definition", "source");
        String column = node.name("column");
        String source = node.optionalText("source");
        return new Label(column, node.text("definition"),
                source != null ? source : "column '" + column + "' of the entity rows");
    }

    private static Windows windows(Node node) {
        node.allow("train", "validation", "outOfTime");
        Windows windows = new Windows(window(node.object("train")), window(node.object("validation")),
                window(node.object("outOfTime")));
        if (windows.validation().from().isBefore(windows.train().to())
                || windows.outOfTime().from().isBefore(windows.validation().to())) {
            throw invalid("spec.windows must follow each other in time: train, then validation, then outOfTime, "
                    + "each starting at or after the previous one's end");
        }
        return windows;
    }

    private static Window window(Node node) {
        node.allow("from", "to");
        LocalDate from = node.date("from");
        LocalDate to = node.date("to");
        if (!from.isBefore(to)) {
            throw invalid(node.path + ".from must be before its to");
        }
        return new Window(from, to);
    }

    private static Preprocessing preprocessing(Node node, Estimator estimator) {
        if (node == null) {
            return new Preprocessing(treatment(null), treatment(null), defaultBinning(estimator),
                    estimator instanceof XGBoost ? new OneHot(0) : null);
        }
        node.allow("numeric", "categorical", "binning", "oneHot");
        Node numeric = node.optionalObject("numeric");
        Node categorical = node.optionalObject("categorical");
        if (numeric != null) {
            numeric.allow("impute", "cap");
        }
        if (categorical != null) {
            categorical.allow("impute");
        }
        Binning binning = defaultBinning(estimator);
        Node binningNode = node.optionalObject("binning");
        if (binningNode != null) {
            requireScorecard(estimator, binningNode.path);
            binning = binning(binningNode, binning);
        }
        OneHot oneHot = null;
        Node oneHotNode = node.optionalObject("oneHot");
        if (oneHotNode != null) {
            if (!(estimator instanceof XGBoost)) {
                throw invalid(oneHotNode.path + " applies to the xgboost estimator only; a scorecard bins categories");
            }
            oneHotNode.allow("minCategoryShare");
            oneHot = new OneHot(oneHotNode.number("minCategoryShare", 0, 0.5));
        } else if (estimator instanceof XGBoost) {
            oneHot = new OneHot(0);
        }
        return new Preprocessing(treatment(numeric), treatment(categorical), binning, oneHot);
    }

    /** The defaults of one kind of input: no imputation and no capping unless the node says so. */
    private static Treatment treatment(Node node) {
        if (node == null) {
            return new Treatment(Impute.NONE, null);
        }
        Cap cap = cap(node);
        return new Treatment(Objects.requireNonNullElse(impute(node), Impute.NONE), cap == Cap.NONE ? null : cap);
    }

    private static Binning defaultBinning(Estimator estimator) {
        return estimator instanceof Scorecard ? new Binning(10, 0.05, true) : null;
    }

    private static void requireScorecard(Estimator estimator, String path) {
        if (!(estimator instanceof Scorecard)) {
            throw invalid(path + " applies to the scorecard estimator only; XGBoost splits numbers itself");
        }
    }

    private static Binning binning(Node node, Binning defaults) {
        node.allow("initialBins", "minBinShare", "monotone");
        return new Binning(
                node.has("initialBins") ? (int) node.integer("initialBins", 2, 100) : defaults.initialBins(),
                node.has("minBinShare") ? node.number("minBinShare", 0.001, 0.5) : defaults.minBinShare(),
                node.has("monotone") ? node.bool("monotone") : defaults.monotone());
    }

    /** {@code median}, {@code mode}, {@code none}, or {@code {constant: value}}; null when the node has no impute. */
    private static Impute impute(Node node) {
        if (!node.has("impute")) {
            return null;
        }
        JsonNode value = node.node.get("impute");
        String path = node.path + ".impute";
        if (value.isString()) {
            return switch (value.stringValue()) {
                case "none" -> Impute.NONE;
                case "median" -> new Impute(ImputeMethod.MEDIAN, null);
                case "mode" -> new Impute(ImputeMethod.MODE, null);
                default -> throw invalid(path + " must be median, mode, none or {constant: VALUE}, not '"
                        + value.stringValue() + "'");
            };
        }
        Node constant = new Node(value, path);
        constant.allow("constant");
        JsonNode c = constant.node.get("constant");
        if (c == null || !(c.isNumber() || c.isString())) {
            throw invalid(path + ".constant must be a number or a string");
        }
        return new Impute(ImputeMethod.CONSTANT, c.isNumber() ? (Object) c.doubleValue() : c.stringValue());
    }

    /** {@code [lower, upper]} percentiles, or {@code none} ({@link Cap#NONE}); null when absent. */
    private static Cap cap(Node node) {
        if (!node.has("cap")) {
            return null;
        }
        JsonNode value = node.node.get("cap");
        String path = node.path + ".cap";
        if (value.isString() && value.stringValue().equals("none")) {
            return Cap.NONE;
        }
        if (!value.isArray() || value.size() != 2 || !value.get(0).isNumber() || !value.get(1).isNumber()) {
            throw invalid(path + " must be [lower, upper] percentiles (e.g. [1, 99]) or none");
        }
        double lower = value.get(0).doubleValue();
        double upper = value.get(1).doubleValue();
        if (lower < 0 || upper > 100 || lower >= upper) {
            throw invalid(path + " needs 0 <= lower < upper <= 100, not [" + lower + ", " + upper + "]");
        }
        return new Cap(lower, upper);
    }

    private static List<FeatureSpec> features(JsonNode array, Estimator estimator, Binning defaults) {
        List<FeatureSpec> features = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            String path = "spec.features[" + i + "]";
            FeatureSpec feature;
            if (entry.isString()) {
                feature = new FeatureSpec(checkName(entry.stringValue(), path), null, null, null);
            } else {
                Node f = new Node(entry, path);
                f.allow("name", "impute", "cap", "binning");
                Node binning = f.optionalObject("binning");
                if (binning != null) {
                    requireScorecard(estimator, binning.path);
                }
                feature = new FeatureSpec(f.name("name"), impute(f), cap(f),
                        binning == null ? null : binning(binning, defaults));
            }
            if (!names.add(feature.name())) {
                throw invalid(path + ": feature '" + feature.name() + "' is listed twice");
            }
            features.add(feature);
        }
        if (features.isEmpty()) {
            throw invalid("spec.features must list at least one input");
        }
        return features;
    }

    private static Estimator estimator(Node node) {
        String type = node.text("type");
        return switch (type) {
            case "scorecard" -> {
                node.allow("type", "irls", "scaling");
                Node irls = node.optionalObject("irls");
                Node scaling = node.optionalObject("scaling");
                if (irls != null) {
                    irls.allow("maxIterations", "tolerance");
                }
                if (scaling != null) {
                    scaling.allow("baseScore", "baseOdds", "pdo");
                }
                yield new Scorecard(
                        irls != null && irls.has("maxIterations") ? (int) irls.integer("maxIterations", 1, 1000) : 25,
                        irls != null && irls.has("tolerance") ? irls.number("tolerance", 1e-15, 1e-3) : 1e-10,
                        scaling != null && scaling.has("baseScore") ? scaling.number("baseScore", 0, 10_000) : 600,
                        scaling != null && scaling.has("baseOdds") ? scaling.number("baseOdds", 1e-6, 1e6) : 50,
                        scaling != null && scaling.has("pdo") ? scaling.number("pdo", 1e-6, 1_000) : 20);
            }
            case "xgboost" -> {
                node.allow("type", "rounds", "params");
                SortedMap<String, Object> params = new TreeMap<>();
                Node p = node.optionalObject("params");
                if (p != null) {
                    for (String name : p.node.propertyNames()) {
                        if (RESERVED_XGBOOST.contains(name)) {
                            throw invalid(p.path + "." + name + " is set by the pipeline (binary:logistic, hist, one "
                                    + "thread, seed from spec.seeds.xgboost) so that training is deterministic; remove it");
                        }
                        JsonNode value = p.node.get(name);
                        if (!(value.isNumber() || value.isString() || value.isBoolean())) {
                            throw invalid(p.path + "." + name + " must be a number, a string or a boolean");
                        }
                        params.put(name, value.isNumber() ? value.numberValue()
                                : value.isBoolean() ? value.booleanValue() : value.stringValue());
                    }
                }
                yield new XGBoost((int) node.integer("rounds", 1, 10_000), params);
            }
            default -> throw invalid(node.path + ".type must be scorecard or xgboost, not '" + type + "'");
        };
    }

    private static Evaluation evaluation(Node node) {
        if (node == null) {
            throw invalid("spec.evaluation.policyCutoff is required: the probability at or above which an "
                    + "application is declined");
        }
        node.allow("policyCutoff", "scoreBands", "bootstrap");
        double cutoff = node.number("policyCutoff", 0, 1);
        List<Double> bands = List.of(0.02, 0.05, 0.1, 0.2, 0.3, 0.5);
        if (node.has("scoreBands")) {
            JsonNode array = node.node.get("scoreBands");
            List<Double> edges = new ArrayList<>();
            for (int i = 0; array.isArray() && i < array.size(); i++) {
                double edge = array.get(i).isNumber() ? array.get(i).doubleValue() : Double.NaN;
                if (!(edge > 0 && edge < 1) || (!edges.isEmpty() && edge <= edges.getLast())) {
                    throw invalid(node.path + ".scoreBands must be increasing probabilities strictly between 0 and 1");
                }
                edges.add(edge);
            }
            if (edges.isEmpty()) {
                throw invalid(node.path + ".scoreBands must list at least one probability edge");
            }
            bands = edges;
        }
        int bootstrap = node.has("bootstrap") ? (int) node.integer("bootstrap", 0, 10_000) : 200;
        return new Evaluation(cutoff, bands, bootstrap);
    }

    private static SortedMap<String, Long> seeds(Node node) {
        SortedMap<String, Long> seeds = new TreeMap<>();
        if (node != null) {
            for (String name : node.node.propertyNames()) {
                seeds.put(name, node.integer(name, Long.MIN_VALUE, Long.MAX_VALUE));
            }
        }
        return seeds;
    }

    private static String checkName(String name, String path) {
        if (!NAME.matcher(name).matches()) {
            throw invalid(path + " must be a column name (letters, digits, _ . -), not '" + name + "'");
        }
        return name;
    }

    static PipelineException invalid(String message) {
        return new PipelineException(PipelineException.Kind.SPEC, message);
    }

    /** A node of the spec and its path, with the checks every field needs. */
    private record Node(JsonNode node, String path) {

        Node {
            if (node == null || !node.isObject()) {
                throw invalid(path + " must be a mapping");
            }
        }

        void allow(String... names) {
            Set<String> allowed = Set.of(names);
            for (String name : node.propertyNames()) {
                if (!allowed.contains(name)) {
                    throw invalid(path + " has an unknown field '" + name + "'; allowed: " + new TreeSet<>(allowed));
                }
            }
        }

        boolean has(String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        Node object(String name) {
            if (!has(name)) {
                throw invalid(path + "." + name + " is required");
            }
            return new Node(node.get(name), path + "." + name);
        }

        Node optionalObject(String name) {
            return has(name) ? new Node(node.get(name), path + "." + name) : null;
        }

        JsonNode array(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isArray()) {
                throw invalid(path + "." + name + " must be a list");
            }
            return value;
        }

        String text(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isString() || value.stringValue().isBlank()) {
                throw invalid(path + "." + name + " must be a non-empty string");
            }
            return value.stringValue();
        }

        String optionalText(String name) {
            return has(name) ? text(name) : null;
        }

        String name(String name) {
            return checkName(text(name), path + "." + name);
        }

        LocalDate date(String name) {
            String text = has(name) ? node.get(name).asString() : "";
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(path + "." + name + " must be an ISO date (2024-01-31), not '" + text + "'");
            }
        }

        double number(String name, double min, double max) {
            JsonNode value = node.get(name);
            if (value == null || !value.isNumber() || !(value.doubleValue() >= min && value.doubleValue() <= max)) {
                throw invalid(path + "." + name + " must be a number from " + min + " to " + max);
            }
            return value.doubleValue();
        }

        long integer(String name, long min, long max) {
            JsonNode value = node.get(name);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                    || value.longValue() < min || value.longValue() > max) {
                throw invalid(path + "." + name + " must be a whole number from " + min + " to " + max);
            }
            return value.longValue();
        }

        boolean bool(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isBoolean()) {
                throw invalid(path + "." + name + " must be true or false");
            }
            return value.booleanValue();
        }
    }
}
