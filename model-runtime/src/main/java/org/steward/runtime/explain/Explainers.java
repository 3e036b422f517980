package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.OnnxModel;
import org.steward.runtime.Scorecard;
import org.steward.runtime.ScoringModel;
import org.steward.runtime.XGBoostModel;

/**
 * Chooses how to explain a model, from what the model is:
 * <ul>
 *   <li>a {@link Scorecard}: its own terms, {@code coefficient · woe} per attribute, with its points;</li>
 *   <li>an XGBoost model: exact path-dependent TreeSHAP over its trees, read from the same JSON, with XGBoost's
 *       covers — the values of XGBoost's {@code pred_contribs} and shap's {@code TreeExplainer}, in double precision
 *       (XGBoost's own are float32, whose sum misses the margin by up to ~1e-5 on a few hundred trees);</li>
 *   <li>an ONNX tree ensemble on the log-odds (see {@link OnnxTrees}): the same TreeSHAP, path-dependent when the
 *       graph carries covers, otherwise interventional against the background sample;</li>
 *   <li>any other ONNX model: Kernel SHAP against the background sample.</li>
 * </ul>
 * The background is a sample of the development data (the training set, or the population the model scores); at
 * most {@value #BACKGROUND_ROWS} of its rows are used, drawn with a fixed seed when it has more, so an explainer built
 * twice from the same data explains identically.
 */
public final class Explainers {

    public static final int BACKGROUND_ROWS = 100;
    private static final long BACKGROUND_SEED = 20240601L;
    /** Rows XGBoost and ONNX trees are checked on when no background is given: see {@link #probes}. */
    private static final int PROBE_ROWS = 16;

    private Explainers() {
    }

    /**
     * An explainer for a model that needs no background: a scorecard, an XGBoost model, or an ONNX tree ensemble
     * that carries covers.
     *
     * @throws IllegalArgumentException for a model that can only be explained against a background sample
     */
    public static Explainer explainer(ScoringModel model) {
        return explainer(model, List.of());
    }

    /**
     * An explainer for any model Steward loads; {@code background} is needed by ONNX models other than tree ensembles
     * with covers; the others use it only to check that the trees as read score like the model.
     *
     * @throws IllegalArgumentException when the model needs a background and none is given, or its artifact cannot be
     *                                  read as the kind of model it claims to be
     * @throws IllegalStateException    when the trees read from the artifact do not score like the model
     */
    public static Explainer explainer(ScoringModel model, List<? extends Map<String, ?>> background) {
        List<? extends Map<String, ?>> sample = sample(background);
        return switch (model) {
            case Scorecard card -> new ScorecardExplainer(card);
            case XGBoostModel xgboost -> {
                TreeEnsemble trees = XGBoostTrees.read(xgboost.artifact());
                yield TreeShapExplainer.pathDependent(trees, model, true, sample.isEmpty() ? probes(trees, model) : sample);
            }
            case OnnxModel onnx -> onnx(onnx, sample);
            default -> kernel(model, sample, "it is not a model Steward explains exactly");
        };
    }

    private static Explainer onnx(OnnxModel model, List<? extends Map<String, ?>> background) {
        OnnxTrees.Reading reading = OnnxTrees.read(OnnxGraph.parse(model.artifact()), model.probabilityOutput(),
                model.signature().size());
        if (reading.ensemble() == null) {
            return kernel(model, background, "it is not a tree ensemble TreeSHAP can explain: " + reading.refused());
        }
        if (reading.ensemble().hasCover()) {
            return TreeShapExplainer.pathDependent(reading.ensemble(), model, reading.roundsToFloat(),
                    background.isEmpty() ? probes(reading.ensemble(), model) : background);
        }
        if (background.isEmpty()) {
            throw new IllegalArgumentException("the ONNX tree ensemble carries no node covers (nodes_hitrates), so"
                    + " it is explained by interventional TreeSHAP, which needs a background sample");
        }
        return TreeShapExplainer.interventional(reading.ensemble(), model, reading.roundsToFloat(), background);
    }

    private static Explainer kernel(ScoringModel model, List<? extends Map<String, ?>> background, String why) {
        if (background.isEmpty()) {
            throw new IllegalArgumentException("this model is explained by Kernel SHAP, which needs a background"
                    + " sample, because " + why);
        }
        return new KernelShapExplainer(model, background);
    }

    private static List<? extends Map<String, ?>> sample(List<? extends Map<String, ?>> background) {
        if (background.size() <= BACKGROUND_ROWS) {
            return List.copyOf(background);
        }
        var rows = new ArrayList<Map<String, ?>>(background);
        var random = new SplittableRandom(BACKGROUND_SEED);
        for (int i = 0; i < BACKGROUND_ROWS; i++) {
            int j = i + random.nextInt(rows.size() - i);
            rows.set(i, rows.set(j, rows.get(i)));
        }
        return List.copyOf(rows.subList(0, BACKGROUND_ROWS));
    }

    /**
     * Rows that walk the trees down both sides of many splits, for checking that the trees as read score like the
     * model: row {@code r} takes, for each feature, one of the thresholds the trees split it at (exactly on the
     * threshold, which also tells {@code <} from {@code <=}), and the first row is all missing.
     */
    private static List<Map<String, ?>> probes(TreeEnsemble trees, ScoringModel model) {
        List<InputField> fields = model.signature().fields();
        double[][] thresholds = trees.thresholdsByFeature();
        var probes = new ArrayList<Map<String, ?>>();
        for (int r = 0; r < PROBE_ROWS; r++) {
            var row = new HashMap<String, Object>();
            for (int i = 0; i < fields.size(); i++) {
                double[] candidates = thresholds[i];
                if (r == 0 || candidates.length == 0) {
                    continue;
                }
                double value = candidates[(r * 7919 + i * 104_729) % candidates.length];
                InputField field = fields.get(i);
                row.put(field.name(), field.type() == FieldType.BOOLEAN ? (Object) (value >= 0.5) : (Object) value);
            }
            probes.add(row);
        }
        return probes;
    }

    /**
     * Global importance: each feature's mean absolute contribution over {@code explanations} (of one model, on one
     * scale), most important first, ties by name.
     */
    public static Map<String, Double> globalImportance(List<Explanation> explanations) {
        if (explanations.isEmpty()) {
            throw new IllegalArgumentException("global importance needs at least one explanation");
        }
        var sums = new LinkedHashMap<String, Double>();
        for (Explanation explanation : explanations) {
            explanation.contributions().forEach((feature, value) -> sums.merge(feature, Math.abs(value), Double::sum));
        }
        var importance = new LinkedHashMap<String, Double>();
        sums.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> importance.put(e.getKey(), e.getValue() / explanations.size()));
        return importance;
    }
}
