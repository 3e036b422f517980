package org.steward.runtime.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.steward.runtime.InputField;
import org.steward.runtime.Inputs;
import org.steward.runtime.ScoringModel;

/**
 * Exact TreeSHAP over a {@link TreeEnsemble} read from the model's own artifact: path-dependent when the trees carry
 * covers, interventional against a background sample when they do not.
 */
final class TreeShapExplainer implements Explainer {

    /** How far the trees' probability may be from the model's on a probe row: float32 rounding, not a misreading. */
    private static final double PROBE_TOLERANCE = 1e-5;

    private final TreeEnsemble ensemble;
    private final List<InputField> fields;
    private final boolean roundsToFloat;
    private final double[][] background;
    private final double baseValue;

    /**
     * @param roundsToFloat whether the model sees its inputs as float32 (XGBoost always; ONNX with a float input)
     * @param background    rows for interventional TreeSHAP, or null for path-dependent TreeSHAP (needs covers)
     */
    private TreeShapExplainer(TreeEnsemble ensemble, List<InputField> fields, boolean roundsToFloat,
                              List<? extends Map<String, ?>> background) {
        this.ensemble = ensemble;
        this.fields = fields;
        this.roundsToFloat = roundsToFloat;
        if (background == null) {
            this.background = null;
            this.baseValue = ensemble.expectedMargin();
        } else {
            this.background = background.stream().map(this::vector).toArray(double[][]::new);
            double sum = 0;
            for (double[] z : this.background) {
                sum += ensemble.margin(z);
            }
            this.baseValue = sum / this.background.length;
        }
    }

    static TreeShapExplainer pathDependent(TreeEnsemble ensemble, ScoringModel model, boolean roundsToFloat,
                                           List<? extends Map<String, ?>> probes) {
        if (!ensemble.hasCover()) {
            throw new IllegalArgumentException("path-dependent TreeSHAP needs the trees' covers");
        }
        return checked(new TreeShapExplainer(ensemble, model.signature().fields(), roundsToFloat, null), model, probes);
    }

    static TreeShapExplainer interventional(TreeEnsemble ensemble, ScoringModel model, boolean roundsToFloat,
                                            List<? extends Map<String, ?>> background) {
        if (background.isEmpty()) {
            throw new IllegalArgumentException("interventional TreeSHAP needs a background sample");
        }
        return checked(new TreeShapExplainer(ensemble, model.signature().fields(), roundsToFloat, background), model,
                background);
    }

    /**
     * Refuses to explain a model whose trees, as read, do not score like the model: a misread tree must fail here,
     * not produce plausible but wrong reasons for a decline.
     */
    private static TreeShapExplainer checked(TreeShapExplainer explainer, ScoringModel model,
                                             List<? extends Map<String, ?>> probes) {
        for (int i = 0; i < probes.size(); i++) {
            Map<String, ?> probe = probes.get(i);
            double ours = sigmoid(explainer.ensemble.margin(explainer.vector(probe)));
            double theirs = model.score(probe).probability();
            if (Math.abs(ours - theirs) > PROBE_TOLERANCE) {
                // the row's values stay out of the message: background rows are applicants' data
                throw new IllegalStateException("the trees read from the artifact give probability " + ours
                        + " where the model gives " + theirs + " (check row " + i + "); refusing to explain it");
            }
        }
        return explainer;
    }

    private static double sigmoid(double margin) {
        return 1 / (1 + Math.exp(-margin));
    }

    @Override
    public Explanation explain(Map<String, ?> row) {
        double[] x = vector(row);
        double[] phi = background == null ? ensemble.pathDependent(x) : ensemble.interventional(x, background);
        var contributions = new LinkedHashMap<String, Double>();
        for (int i = 0; i < phi.length; i++) {
            contributions.put(fields.get(i).name(), phi[i]);
        }
        return new Explanation(baseValue, contributions, ensemble.margin(x), Explanation.Method.TREE_SHAP);
    }

    @Override
    public Explanation.Method method() {
        return Explanation.Method.TREE_SHAP;
    }

    /** The row as the model sees it: numbers in signature order, NaN for missing, float32 where the model rounds. */
    private double[] vector(Map<String, ?> row) {
        double[] x = new double[fields.size()];
        for (int i = 0; i < x.length; i++) {
            double value = Inputs.number(row, fields.get(i));
            x[i] = roundsToFloat ? (float) value : value;
        }
        return x;
    }
}
