package org.steward.runtime.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.steward.runtime.InputField;
import org.steward.runtime.Score;
import org.steward.runtime.ScoringModel;

/**
 * {@link KernelShap} for a model that is none of the kinds explained exactly: the game is the model's margin with
 * the row's values on a coalition's features and a background row's elsewhere, averaged over the background.
 *
 * <p>Features on which the row equals every background row cannot change the margin; they get 0 and stay out of
 * the regression, which leaves fewer features to sample (often few enough for the exact enumeration). Cost per row:
 * one scoring of {@code coalitions × background} rows, in batches — for a validation report, not for a request path.
 */
final class KernelShapExplainer implements Explainer {

    private static final int BATCH_ROWS = 8192;

    private final ScoringModel model;
    private final List<InputField> fields;
    private final List<Map<String, ?>> background;
    private final double baseValue;
    private final Map<Integer, List<KernelShap.Coalition>> coalitions = new ConcurrentHashMap<>();

    KernelShapExplainer(ScoringModel model, List<? extends Map<String, ?>> background) {
        if (background.isEmpty()) {
            throw new IllegalArgumentException("Kernel SHAP needs a background sample");
        }
        this.model = model;
        this.fields = model.signature().fields();
        this.background = List.copyOf(background);
        this.baseValue = model.score(this.background).stream().mapToDouble(Score::margin).average().orElseThrow();
    }

    @Override
    public Explanation explain(Map<String, ?> row) {
        double margin = model.score(row).margin();
        List<Integer> varying = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).name();
            Object value = row.get(name);
            if (background.stream().anyMatch(z -> !same(value, z.get(name)))) {
                varying.add(i);
            }
        }
        int m = varying.size();
        double[] phi = new double[m];
        if (m > 0) {
            List<KernelShap.Coalition> chosen = coalitions.computeIfAbsent(m, KernelShap::coalitions);
            double[] values = values(row, varying, chosen);
            phi = KernelShap.solve(m, chosen, values, baseValue, margin);
        }
        var contributions = new LinkedHashMap<String, Double>();
        fields.forEach(field -> contributions.put(field.name(), 0.0));
        for (int k = 0; k < m; k++) {
            contributions.put(fields.get(varying.get(k)).name(), phi[k]);
        }
        return new Explanation(baseValue, contributions, margin, Explanation.Method.KERNEL_SHAP);
    }

    @Override
    public Explanation.Method method() {
        return Explanation.Method.KERNEL_SHAP;
    }

    /** The mean margin over the background for each coalition, scored in batches. */
    private double[] values(Map<String, ?> row, List<Integer> varying, List<KernelShap.Coalition> chosen) {
        double[] values = new double[chosen.size()];
        var batch = new ArrayList<Map<String, Object>>(BATCH_ROWS);
        var owners = new ArrayList<Integer>(BATCH_ROWS);
        for (int c = 0; c < chosen.size(); c++) {
            var members = chosen.get(c).members();
            for (Map<String, ?> z : background) {
                var mixed = new HashMap<String, Object>(z);
                for (int k = 0; k < varying.size(); k++) {
                    if (members.get(k)) {
                        String name = fields.get(varying.get(k)).name();
                        mixed.put(name, row.get(name));
                    }
                }
                batch.add(mixed);
                owners.add(c);
                if (batch.size() == BATCH_ROWS) {
                    accumulate(batch, owners, values);
                }
            }
        }
        accumulate(batch, owners, values);
        for (int c = 0; c < values.length; c++) {
            values[c] /= background.size();
        }
        return values;
    }

    private void accumulate(List<Map<String, Object>> batch, List<Integer> owners, double[] values) {
        if (batch.isEmpty()) {
            return;
        }
        List<Score> scores = model.score(batch);
        for (int i = 0; i < scores.size(); i++) {
            values[owners.get(i)] += scores.get(i).margin();
        }
        batch.clear();
        owners.clear();
    }

    /** Whether two row values are the same input: numbers by value, whatever their boxed type. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
