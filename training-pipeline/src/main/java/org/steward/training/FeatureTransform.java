package org.steward.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imputation and capping of one input, fitted on the train window only so that nothing of the validation or
 * out-of-time windows leaks into the model. Fitted values are rounded to {@link Numbers#ARTIFACT_DECIMALS} places.
 *
 * @param imputedNumber   the value a missing number becomes, NaN when not imputed
 * @param imputedCategory the category a missing category becomes, null when not imputed
 * @param low             the lower cap, −∞ when not capped
 * @param high            the upper cap, +∞ when not capped
 */
record FeatureTransform(PipelineSpec.FeaturePlan plan, double imputedNumber, String imputedCategory, double low,
                        double high) {

    static FeatureTransform fit(PipelineSpec.FeaturePlan plan, Snapshot snapshot, Split train) {
        PipelineSpec.Impute impute = plan.impute();
        if (!plan.numeric()) {
            String[] values = train.texts(snapshot, plan.name());
            String imputed = switch (impute.method()) {
                case NONE -> null;
                case MODE -> mode(values, Comparator.naturalOrder(), plan.name());
                case CONSTANT -> impute.constant() instanceof String s ? s : String.valueOf(impute.constant());
                case MEDIAN -> throw PipelineSpec.invalid("feature " + plan.name()
                        + " is categorical: impute it with mode or a constant, not median");
            };
            return new FeatureTransform(plan, Double.NaN, imputed, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double[] values = train.numbers(snapshot, plan.name());
        double[] sorted = Numbers.sortedPresent(values);
        if (sorted.length == 0 && (impute.method() != PipelineSpec.ImputeMethod.NONE || plan.cap() != null)) {
            throw Snapshot.data("feature " + plan.name() + " has no value in the train window to impute or cap from");
        }
        double imputed = switch (impute.method()) {
            case NONE -> Double.NaN;
            case MEDIAN -> Numbers.round(Numbers.percentile(sorted, 50));
            case MODE -> mode(Arrays.stream(sorted).boxed().toArray(Double[]::new), Comparator.naturalOrder(), plan.name());
            case CONSTANT -> {
                if (!(impute.constant() instanceof Double d)) {
                    throw PipelineSpec.invalid("feature " + plan.name() + " is numeric: its impute constant must be a number");
                }
                yield d;
            }
        };
        PipelineSpec.Cap cap = plan.cap();
        return new FeatureTransform(plan, imputed, null,
                cap == null ? Double.NEGATIVE_INFINITY : Numbers.round(Numbers.percentile(sorted, cap.lower())),
                cap == null ? Double.POSITIVE_INFINITY : Numbers.round(Numbers.percentile(sorted, cap.upper())));
    }

    /** The most frequent value; the smallest of equally frequent ones. */
    private static <T> T mode(T[] values, Comparator<T> order, String feature) {
        Map<T, Long> counts = Arrays.stream(values).filter(v -> v != null)
                .collect(Collectors.groupingBy(Function.identity(), () -> new TreeMap<>(order), Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<T, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(order.reversed())))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> Snapshot.data("feature " + feature
                        + " has no value in the train window to take the mode of"));
    }

    String name() {
        return plan.name();
    }

    boolean numeric() {
        return plan.numeric();
    }

    /** Numbers imputed, then capped. */
    double[] apply(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = Double.isNaN(values[i]) ? imputedNumber : values[i];
            out[i] = Double.isNaN(v) ? v : Math.min(Math.max(v, low), high);
        }
        return out;
    }

    /** Categories imputed. */
    String[] apply(String[] values) {
        return Arrays.stream(values).map(v -> v == null ? imputedCategory : v).toArray(String[]::new);
    }

    /** The plan with its fitted values, for the version's params. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", plan.name());
        node.put("type", plan.numeric() ? "number" : "string");
        ObjectNode impute = node.putObject("impute").put("method", plan.impute().method().name().toLowerCase(Locale.ROOT));
        if (!Double.isNaN(imputedNumber)) {
            impute.put("value", imputedNumber);
        } else if (imputedCategory != null) {
            impute.put("value", imputedCategory);
        }
        if (plan.cap() != null) {
            node.putObject("cap").put("lowerPercentile", plan.cap().lower()).put("upperPercentile", plan.cap().upper())
                    .put("low", low).put("high", high);
        }
        if (plan.binning() != null) {
            node.putObject("binning").put("initialBins", plan.binning().initialBins())
                    .put("minBinShare", plan.binning().minBinShare()).put("monotone", plan.binning().monotone());
        }
        return node;
    }
}
