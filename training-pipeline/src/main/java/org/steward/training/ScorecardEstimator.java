package org.steward.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.steward.commons.json.CanonicalJson;
import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import org.steward.runtime.ModelFormat;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A credit scorecard: every input binned with weights of evidence ({@link WoeBinning}), a logistic regression on the
 * WoE values fitted by {@link Irls}, written in model-runtime's {@code steward-scorecard/1} JSON. The regression is
 * fitted on the rounded WoE values the card holds, and the card is serialised canonically (RFC 8785), so the bytes
 * depend on nothing but the data, the spec and this code. Imputation and capping live in the card itself: a missing
 * value scores the WoE of its imputed value's bin, and bins are open-ended, so serving sends raw values.
 */
final class ScorecardEstimator {

    private ScorecardEstimator() {
    }

    static Fitted fit(PipelineSpec spec, PipelineSpec.Scorecard settings, List<FeatureTransform> transforms,
                      Snapshot snapshot, Split train) {
        int n = train.size();
        double[][] x = new double[n][transforms.size()];
        List<WoeBinning> binnings = new ArrayList<>();
        for (int j = 0; j < transforms.size(); j++) {
            FeatureTransform t = transforms.get(j);
            WoeBinning binning;
            if (t.numeric()) {
                double[] values = t.apply(train.numbers(snapshot, t.name()));
                binning = WoeBinning.numeric(values, train.labels(), t.plan().binning(), t.imputedNumber());
                for (int i = 0; i < n; i++) {
                    x[i][j] = Double.isNaN(values[i]) ? binning.missingWoe()
                            : binning.woe()[Numbers.bin(binning.cuts(), values[i])];
                }
            } else {
                String[] values = t.apply(train.texts(snapshot, t.name()));
                binning = WoeBinning.categorical(values, train.labels(), t.plan().binning(), t.imputedCategory());
                Map<String, Double> woe = new LinkedHashMap<>();
                for (int b = 0; b < binning.bins(); b++) {
                    for (String category : binning.categories().get(b)) {
                        woe.put(category, binning.woe()[b]);
                    }
                }
                for (int i = 0; i < n; i++) {
                    x[i][j] = values[i] == null ? binning.missingWoe() : woe.get(values[i]);
                }
            }
            if (binning.bins() < 2) {
                throw new PipelineException(PipelineException.Kind.TRAINING, "feature " + t.name() + " has a single bin "
                        + "after merging: it does not separate goods from bads in the train window; remove it, or lower "
                        + "its binning.minBinShare or set binning.monotone: false");
            }
            binnings.add(binning);
        }
        Irls.Fit fit = Irls.fit(x, train.labels(), settings.maxIterations(), settings.tolerance());

        ObjectNode card = JsonNodeFactory.instance.objectNode();
        card.put("format", "steward-scorecard/1");
        card.put("target", spec.label().column());
        card.put("intercept", Numbers.round(fit.coefficients()[0]));
        ArrayNode features = card.putArray("features");
        List<InputField> fields = new ArrayList<>();
        for (int j = 0; j < transforms.size(); j++) {
            FeatureTransform t = transforms.get(j);
            WoeBinning binning = binnings.get(j);
            ObjectNode feature = features.addObject();
            feature.put("name", t.name());
            feature.put("type", t.numeric() ? "number" : "string");
            feature.set("bins", bins(binning, t.numeric(), false));
            feature.put("missingWoe", binning.missingWoe());
            feature.put("coefficient", Numbers.round(fit.coefficients()[j + 1]));
            fields.add(new InputField(t.name(), t.numeric() ? FieldType.NUMBER : FieldType.STRING));
        }
        card.putObject("scaling").put("baseScore", settings.baseScore()).put("baseOdds", settings.baseOdds())
                .put("pdo", settings.pdo());

        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("type", "scorecard");
        params.putObject("irls").put("maxIterations", settings.maxIterations()).put("tolerance", settings.tolerance());
        params.set("scaling", card.get("scaling").deepCopy());
        return new Fitted(CanonicalJson.canonicalBytes(card), ModelFormat.SCORECARD_JSON, new InputSignature(fields),
                (data, split) -> rawRows(data, split, transforms), params, results(transforms, binnings, fit));
    }

    /** The bins as the card writes them, or with their train counts too for the results. */
    private static ArrayNode bins(WoeBinning binning, boolean numeric, boolean withCounts) {
        ArrayNode bins = JsonNodeFactory.instance.arrayNode();
        for (int b = 0; b < binning.bins(); b++) {
            ObjectNode bin = bins.addObject();
            if (numeric) {
                if (b < binning.cuts().length) {
                    bin.put("upper", binning.cuts()[b]);
                } else {
                    bin.putNull("upper");
                }
            } else {
                binning.categories().get(b).forEach(bin.putArray("values")::add);
            }
            bin.put("woe", binning.woe()[b]);
            if (withCounts) {
                bin.put("goods", binning.goods()[b]).put("bads", binning.bads()[b]);
            }
        }
        return bins;
    }

    private static ObjectNode results(List<FeatureTransform> transforms, List<WoeBinning> binnings, Irls.Fit fit) {
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.put("iterations", fit.iterations());
        results.put("logLikelihood", Evaluation.rounded(fit.logLikelihood()));
        results.set("intercept", coefficient(fit, 0));
        ArrayNode inputs = results.putArray("inputs");
        for (int j = 0; j < transforms.size(); j++) {
            ObjectNode input = coefficient(fit, j + 1);
            input.put("name", transforms.get(j).name());
            input.put("informationValue", Evaluation.rounded(binnings.get(j).iv()));
            input.set("bins", bins(binnings.get(j), transforms.get(j).numeric(), true));
            input.put("missingWoe", binnings.get(j).missingWoe());
            inputs.add(input);
        }
        return results;
    }

    private static ObjectNode coefficient(Irls.Fit fit, int j) {
        return JsonNodeFactory.instance.objectNode()
                .put("coefficient", Numbers.round(fit.coefficients()[j]))
                .put("standardError", Evaluation.rounded(fit.standardErrors()[j]))
                .put("z", Evaluation.rounded(fit.z()[j]))
                .put("pValue", Evaluation.rounded(fit.pValues()[j]));
    }

    /** A scorecard takes the raw values: missing stays missing (null), as serving will send it. */
    private static List<Map<String, Object>> rawRows(Snapshot snapshot, Split split, List<FeatureTransform> transforms) {
        List<Object> columns = transforms.stream().map(t -> t.numeric() ? (Object) split.numbers(snapshot, t.name())
                : split.texts(snapshot, t.name())).toList();
        List<Map<String, Object>> rows = new ArrayList<>(split.size());
        for (int i = 0; i < split.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int j = 0; j < transforms.size(); j++) {
                Object value = columns.get(j) instanceof double[] numbers
                        ? (Double.isNaN(numbers[i]) ? null : (Object) numbers[i]) : ((String[]) columns.get(j))[i];
                row.put(transforms.get(j).name(), value);
            }
            rows.add(row);
        }
        return rows;
    }
}
