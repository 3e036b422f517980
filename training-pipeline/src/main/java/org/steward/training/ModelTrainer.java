package org.steward.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.steward.commons.json.Sha256;
import org.steward.runtime.Artifacts;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.Score;
import org.steward.runtime.ScoringModel;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pure part of a run — no network, no clock in the output: from a spec and a snapshot's rows to the artifact,
 * its metrics and the reference profile. Splits by window, fits preprocessing and the estimator on the train window
 * only, then loads the artifact through model-runtime exactly as serving will and scores every window with it, so
 * the metrics are those of the registered bytes.
 */
final class ModelTrainer {

    static final String PROFILE_FORMAT = "steward-reference-profile/1";
    private static final Set<String> INPUT_ROLES = Set.of("feature", "transformation", "request");
    private static final int SCORING_BATCH = 10_000;

    /**
     * The result of training.
     *
     * @param params  what the version records as its params: the resolved spec and the fitted preprocessing
     * @param metrics what it records as its metrics, the reference profile and its hash included
     */
    record Trained(Fitted fitted, String artifactSha256, ObjectNode params, ObjectNode metrics, ObjectNode profile,
                   String profileSha256) {
    }

    private ModelTrainer() {
    }

    static Trained train(PipelineSpec spec, Snapshot snapshot, Steps steps) {
        String label = spec.label().column();
        TrainingSet.Column labelColumn = snapshot.column(label);
        if (!labelColumn.numeric()) {
            throw Snapshot.data("label '" + label + "' is " + labelColumn.type() + "; it must be a 0/1 number column");
        }
        List<Split> splits = steps.run("split", () -> List.of(
                Split.of("train", spec.windows().train(), snapshot, label),
                Split.of("validation", spec.windows().validation(), snapshot, label),
                Split.of("outOfTime", spec.windows().outOfTime(), snapshot, label)),
                s -> "train " + describe(s.get(0)) + ", validation " + describe(s.get(1)) + ", out-of-time "
                        + describe(s.get(2)) + " (of " + snapshot.rows() + " rows)");
        Split train = splits.get(0);
        Split validation = splits.get(1);
        Split outOfTime = splits.get(2);

        List<FeatureTransform> transforms = steps.run("preprocess", () -> transforms(spec, snapshot, train),
                t -> t.size() + " inputs: imputation and capping fitted on the train window");

        Fitted fitted = steps.run("fit", () -> switch (spec.estimator()) {
            case PipelineSpec.Scorecard scorecard -> ScorecardEstimator.fit(spec, scorecard, transforms, snapshot, train);
            case PipelineSpec.XGBoost xgboost -> XGBoostEstimator.fit(xgboost, spec.preprocessing().oneHot(),
                    spec.seeds().get("xgboost"), transforms, snapshot, train);
        }, f -> f.format().name().toLowerCase(java.util.Locale.ROOT) + " with " + f.signature().size()
                + " model inputs, artifact " + f.artifact().length + " bytes");
        String sha256 = Artifacts.sha256(fitted.artifact());

        double[][] scores = steps.run("score", () -> score(fitted, sha256, snapshot, splits),
                s -> "every window scored by model-runtime from the artifact " + sha256.substring(0, 12));

        ObjectNode metrics = steps.run("evaluate", () -> metrics(spec, snapshot, transforms, splits, scores, fitted),
                m -> "validation AUC " + m.path("validation").path("auc").asString() + ", out-of-time AUC "
                        + m.path("outOfTime").path("auc").asString() + ", score PSI "
                        + m.path("stability").path("score").asString());

        ObjectNode profile = steps.run("profile", () -> profile(spec, snapshot, transforms, validation, scores[1]),
                p -> transforms.size() + " inputs and the score binned on the validation window");
        String profileSha256 = Sha256.hexOfCanonical(profile);
        metrics.put("referenceProfileSha256", profileSha256);
        metrics.set("referenceProfile", profile);
        return new Trained(fitted, sha256, params(spec, transforms, fitted), metrics, profile, profileSha256);
    }

    private static String describe(Split split) {
        return split.size() + " rows";
    }

    private static List<FeatureTransform> transforms(PipelineSpec spec, Snapshot snapshot, Split train) {
        List<FeatureTransform> transforms = new ArrayList<>();
        for (String name : spec.featureNames()) {
            TrainingSet.Column column = snapshot.column(name);
            if (!INPUT_ROLES.contains(column.role())) {
                throw Snapshot.data("'" + name + "' is the training set's " + column.role().replace('_', ' ')
                        + " column, not a feature, a transformation or a request feature");
            }
            if (name.equals(spec.label().column())) {
                throw PipelineSpec.invalid("the label '" + name + "' cannot be an input too");
            }
            if (!column.numeric() && !column.type().equals("string")) {
                throw Snapshot.data("feature " + name + " is " + column.type() + "; inputs must be numbers (int64, "
                        + "float64) or categories (string) — derive one in a transformation");
            }
            transforms.add(FeatureTransform.fit(spec.plan(name, column.numeric()), snapshot, train));
        }
        return transforms;
    }

    /**
     * The probability of the label for every row of every window, from the artifact loaded as serving loads it, in
     * batches of {@value #SCORING_BATCH} rows so that a large window never becomes one huge list of rows.
     */
    private static double[][] score(Fitted fitted, String sha256, Snapshot snapshot, List<Split> splits) {
        double[][] scores = new double[splits.size()][];
        try (ScoringModel model = ModelLoader.load(fitted.artifact(), sha256, fitted.format(), fitted.signature())) {
            for (int s = 0; s < splits.size(); s++) {
                Split split = splits.get(s);
                scores[s] = new double[split.size()];
                for (int from = 0; from < split.size(); from += SCORING_BATCH) {
                    int to = Math.min(split.size(), from + SCORING_BATCH);
                    List<Score> batch = model.score(fitted.encoder().rows(snapshot, split.slice(from, to)));
                    for (int i = 0; i < batch.size(); i++) {
                        scores[s][from + i] = batch.get(i).probability();
                    }
                }
            }
        }
        return scores;
    }

    private static ObjectNode metrics(PipelineSpec spec, Snapshot snapshot, List<FeatureTransform> transforms,
                                      List<Split> splits, double[][] scores, Fitted fitted) {
        Split train = splits.get(0);
        Split outOfTime = splits.get(2);
        Random bootstrap = new Random(spec.seeds().getOrDefault("bootstrap", 0L));
        ObjectNode metrics = JsonNodeFactory.instance.objectNode();
        metrics.set("train", Evaluation.discrimination(scores[0], train.labels()));
        metrics.set("validation", Evaluation.window(scores[1], splits.get(1).labels(), spec.evaluation(), bootstrap));
        metrics.set("outOfTime", Evaluation.window(scores[2], outOfTime.labels(), spec.evaluation(), bootstrap));

        ObjectNode stability = metrics.putObject("stability");
        stability.put("reference", "train");
        stability.put("comparedWith", "outOfTime");
        Evaluation.put(stability, "score", Histogram.ofNumbers(scores[0]).psi(Histogram.ofNumbers(scores[0]).count(scores[2])));
        ObjectNode inputs = stability.putObject("inputs");
        for (FeatureTransform t : transforms) {
            Histogram development = histogram(t, snapshot, train);
            Histogram later = development.count(values(t, snapshot, outOfTime));
            Evaluation.put(inputs, t.name(), development.psi(later));
        }
        metrics.set("estimator", fitted.results());
        return metrics;
    }

    private static Object values(FeatureTransform t, Snapshot snapshot, Split split) {
        return t.numeric() ? split.numbers(snapshot, t.name()) : split.texts(snapshot, t.name());
    }

    private static Histogram histogram(FeatureTransform t, Snapshot snapshot, Split split) {
        return t.numeric() ? Histogram.ofNumbers(split.numbers(snapshot, t.name()))
                : Histogram.ofCategories(split.texts(snapshot, t.name()));
    }

    /**
     * The reference profile for monitoring: every input (raw, as serving receives it) and the score binned on the
     * validation window — deciles for numbers, categories for categories — in the format {@value #PROFILE_FORMAT}.
     */
    private static ObjectNode profile(PipelineSpec spec, Snapshot snapshot, List<FeatureTransform> transforms,
                                      Split validation, double[] scores) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.put("format", PROFILE_FORMAT);
        profile.putObject("window").put("name", "validation").put("from", validation.window().from().toString())
                .put("to", validation.window().to().toString());
        profile.put("rows", validation.size());
        ArrayNode inputs = profile.putArray("inputs");
        for (FeatureTransform t : transforms) {
            inputs.add(histogram(t, snapshot, validation).toJson(t.name()));
        }
        double[] rounded = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            rounded[i] = Numbers.round(scores[i]);
        }
        profile.set("score", Histogram.ofNumbers(rounded).toJson("probability"));
        return profile;
    }

    private static ObjectNode params(PipelineSpec spec, List<FeatureTransform> transforms, Fitted fitted) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("featureService", spec.featureServiceRef());
        params.put("label", spec.label().column());
        ArrayNode features = params.putArray("features");
        transforms.forEach(t -> features.add(t.toJson()));
        params.set("estimator", fitted.params());
        ObjectNode evaluation = params.putObject("evaluation");
        evaluation.put("policyCutoff", spec.evaluation().policyCutoff());
        spec.evaluation().scoreBands().forEach(evaluation.putArray("scoreBands")::add);
        evaluation.put("bootstrap", spec.evaluation().bootstrap());
        return params;
    }
}
