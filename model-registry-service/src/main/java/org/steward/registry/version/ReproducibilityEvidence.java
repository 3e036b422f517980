package org.steward.registry.version;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Which evidence of reproducibility a version's lineage carries and which it lacks, each with a sentence a validator
 * can act on. A version trained by the pipeline has all of it; a model trained in a notebook usually does not, and
 * the registry says exactly what is missing rather than refusing it.
 *
 * @param complete true when nothing is missing: the version can be rebuilt and its artifact hash compared
 */
public record ReproducibilityEvidence(boolean complete, List<Item> present, List<Item> missing) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** One kind of evidence, e.g. {@code training-set}, and what was found or what is lacking. */
    public record Item(String evidence, String detail) {
    }

    /**
     * The latest reproduction of the version that ran to a verdict, as the registry's reproductions recorded it.
     *
     * @param identical the rerun gave the registered artifact's bytes and nothing else differed
     * @param differing the kinds that differed, e.g. {@code data, artifact}; empty when identical
     */
    public record Reproduced(boolean identical, Instant at, String by, List<String> differing) {

        public Reproduced {
            differing = List.copyOf(differing);
        }
    }

    public static ReproducibilityEvidence of(Lineage lineage) {
        return of(lineage, null);
    }

    /**
     * With {@code reproduced} (null when never reproduced): an identical rerun is present evidence, a differing one
     * is missing evidence, since the version was shown not to rebuild.
     */
    public static ReproducibilityEvidence of(Lineage lineage, Reproduced reproduced) {
        List<Item> present = new ArrayList<>();
        List<Item> missing = new ArrayList<>();
        trainingSet(lineage.trainingSet(), present, missing);
        if (lineage.featureViews().isEmpty()) {
            missing.add(new Item("feature-views", "no feature view versions: the feature definitions used cannot be rebuilt"));
        } else {
            present.add(new Item("feature-views", "pinned: " + String.join(", ", lineage.featureViews())));
        }
        Lineage.Label label = lineage.label();
        if (label == null || blank(label.definition()) || blank(label.source())) {
            missing.add(new Item("label", "the label's definition and source are not both recorded: what the model "
                    + "predicts, and from which data, cannot be checked"));
        } else {
            present.add(new Item("label", label.definition() + " (from " + label.source() + ")"));
        }
        windows(lineage.windows(), present, missing);
        code(lineage.code(), present, missing);
        if (lineage.environment().isEmpty()) {
            missing.add(new Item("environment", "no environment: the dependency versions that trained the model are unknown"));
        } else {
            present.add(new Item("environment", lineage.environment().size() + " dependency versions recorded"));
        }
        if (lineage.seeds().isEmpty()) {
            missing.add(new Item("seeds", "no seeds: random choices (splits, sampling, initialisation) cannot be replayed"));
        } else {
            present.add(new Item("seeds", "recorded for " + String.join(", ", lineage.seeds().keySet())));
        }
        if (lineage.pipelineSpec() == null) {
            missing.add(new Item("pipeline-spec", "no pipeline spec: the steps that produced the model are not recorded"));
        } else {
            present.add(new Item("pipeline-spec", "recorded"));
        }
        if (reproduced != null && reproduced.identical()) {
            present.add(new Item("reproduced", "rerun by " + reproduced.by() + " on " + DAY.format(reproduced.at())
                    + ": identical artifact"));
        } else if (reproduced != null) {
            missing.add(new Item("reproduced", "the latest rerun, by " + reproduced.by() + " on "
                    + DAY.format(reproduced.at()) + ", differed (" + String.join(", ", reproduced.differing())
                    + "): the version did not rebuild to its artifact"));
        }
        return new ReproducibilityEvidence(missing.isEmpty(), List.copyOf(present), List.copyOf(missing));
    }

    private static void trainingSet(Lineage.TrainingSet trainingSet, List<Item> present, List<Item> missing) {
        if (trainingSet == null || blank(trainingSet.id())) {
            missing.add(new Item("training-set", "no training-set snapshot: the data the model learned from cannot be found again"));
        } else if (blank(trainingSet.sha256())) {
            missing.add(new Item("training-set", "training-set snapshot " + trainingSet.id()
                    + " has no hash: the data cannot be proven to be the data the model learned from"));
        } else {
            present.add(new Item("training-set", "snapshot " + trainingSet.id() + " with SHA-256 " + trainingSet.sha256()));
        }
    }

    private static void windows(Lineage.Windows windows, List<Item> present, List<Item> missing) {
        List<String> absent = new ArrayList<>();
        if (windows == null || windows.train() == null) {
            absent.add("train");
        }
        if (windows == null || windows.validation() == null) {
            absent.add("validation");
        }
        if (windows == null || windows.outOfTime() == null) {
            absent.add("out-of-time");
        }
        if (absent.isEmpty()) {
            present.add(new Item("time-windows", "train, validation and out-of-time windows recorded"));
        } else {
            missing.add(new Item("time-windows", "no " + String.join(", ", absent) + " window: "
                    + "the split cannot be repeated and out-of-time performance cannot be checked"));
        }
    }

    private static void code(Lineage.Code code, List<Item> present, List<Item> missing) {
        if (code == null || blank(code.gitCommit())) {
            missing.add(new Item("code-version", "no git commit: the code that trained the model is unknown"));
        } else if (code.dirty() == null) {
            missing.add(new Item("code-version", "commit " + code.gitCommit() + " recorded without the dirty flag: "
                    + "uncommitted changes cannot be ruled out"));
        } else if (code.dirty()) {
            missing.add(new Item("code-version", "the code had uncommitted changes (dirty): commit " + code.gitCommit()
                    + " does not contain the code that trained the model"));
        } else {
            present.add(new Item("code-version", "commit " + code.gitCommit() + ", clean"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
