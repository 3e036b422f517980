package org.steward.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.steward.commons.json.CanonicalJson;
import tools.jackson.databind.JsonNode;

/**
 * Reruns the recorded pipeline of a registered version on its recorded snapshot, without registering anything, and
 * compares: the snapshot's content hash now against the recorded one (and, if asked, the hash of the same join
 * rebuilt from the feature store's current sources), the code, the environment, the params the spec resolves to, and
 * finally the artifact's SHA-256. An identical hash proves the version reproducible; otherwise the differences say
 * why it is not.
 */
public final class Reproducer {

    /** Params differences listed one by one up to this many; the rest are counted. */
    private static final int MAX_PARAM_DIFFERENCES = 20;

    private final FeatureStore featureStore;
    private final ModelRegistry registry;
    private final Progress progress;
    private final CodeCheck codeCheck;

    /**
     * What the recorded code version is compared with. A rerun where the code is (a developer's machine, CI) compares
     * the checkout's git commit; a rerun where no checkout exists (inside a service) must say that it did not compare
     * the code rather than claim that it matches.
     */
    public sealed interface CodeCheck {

        /** Compare with the git commit and dirty flag of the checkout at {@code directory}. */
        record Checkout(Path directory) implements CodeCheck {
        }

        /** Do not compare; the reason goes into the notes, never into an "identical". */
        record NotChecked(String reason) implements CodeCheck {
        }
    }

    /** @param workingDirectory the checkout whose git commit is compared with the recorded one */
    public Reproducer(FeatureStore featureStore, ModelRegistry registry, Progress progress, Path workingDirectory) {
        this(featureStore, registry, progress, new CodeCheck.Checkout(workingDirectory));
    }

    public Reproducer(FeatureStore featureStore, ModelRegistry registry, Progress progress, CodeCheck codeCheck) {
        this.featureStore = featureStore;
        this.registry = registry;
        this.progress = progress;
        this.codeCheck = Objects.requireNonNull(codeCheck, "codeCheck");
    }

    /**
     * @param rebuildFromSources also build the recorded join again from the feature store's current sources (a new
     *                           snapshot, which needs a role allowed to create training sets) and compare its hash
     * @throws PipelineException when the version cannot be reproduced at all (no snapshot or spec recorded), or a
     *                           service fails
     */
    public Reproduction reproduce(String model, int number, boolean rebuildFromSources) {
        Steps steps = new Steps(progress);
        JsonNode version = steps.run("version", () -> registry.version(model, number),
                v -> model + " version " + number + ": artifact " + v.path("artifactSha256").asString());
        JsonNode lineage = version.path("lineage");
        String recordedSha256 = version.path("artifactSha256").asString();
        String trainingSetId = lineage.path("trainingSet").path("id").asString(null);
        String recordedData = lineage.path("trainingSet").path("sha256").asString(null);
        JsonNode specNode = lineage.path("pipelineSpec");
        if (trainingSetId == null || recordedData == null || !(specNode.isString() || specNode.isObject())) {
            throw Snapshot.data(model + " version " + number + " does not record its training set, its hash and its "
                    + "pipeline spec, so it cannot be rerun; it was registered outside the pipeline");
        }
        PipelineSpec spec = PipelineSpec.parse(specNode.isString() ? specNode.stringValue() : specNode.toString());
        List<Reproduction.Difference> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        TrainingSet record = steps.run("training-set", () -> featureStore.trainingSet(trainingSetId),
                t -> t.id() + ": recorded content SHA-256 " + t.contentSha256());
        if (!recordedData.equals(record.contentSha256())) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.DATA, "training set " + trainingSetId
                    + " content hash in the feature store", recordedData, record.contentSha256()));
        }
        Snapshot snapshot = steps.run("download", () -> featureStore.snapshot(record),
                s -> s.rows() + " rows hashing to " + s.sha256());
        if (!recordedData.equals(snapshot.sha256())) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.DATA, "training set " + trainingSetId
                    + " rows as downloaded", recordedData, snapshot.sha256()));
        }
        if (rebuildFromSources) {
            TrainingSet rebuilt = steps.run("rebuild", () -> rebuild(record, snapshot, model + " version " + number),
                    t -> "the same entity rows joined again from the current sources as " + t.id() + ": SHA-256 "
                            + t.contentSha256());
            if (!recordedData.equals(rebuilt.contentSha256())) {
                differences.add(new Reproduction.Difference(Reproduction.Kind.DATA, "training set rebuilt from the "
                        + "feature store's current sources (as " + rebuilt.id() + "): source rows changed since training",
                        recordedData, rebuilt.contentSha256()));
            }
        }
        switch (codeCheck) {
            case CodeCheck.Checkout checkout ->
                    compareCode(lineage.path("code"), Provenance.code(checkout.directory()), differences, notes);
            case CodeCheck.NotChecked notChecked -> {
                String commit = lineage.path("code").path("gitCommit").asString(null);
                notes.add("the code was not compared: " + notChecked.reason()
                        + (commit == null ? "" : " (recorded commit " + commit + ")"));
            }
        }
        compareEnvironment(lineage.path("environment"), Provenance.environment(), differences);

        ModelTrainer.Trained trained = ModelTrainer.train(spec, snapshot, steps);
        compareParams(version.path("params"), trained.params(), differences);
        String format = TrainingPipeline.format(trained);
        if (!format.equals(version.path("format").asString())) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.ARTIFACT, "format",
                    version.path("format").asString(), format));
        }
        if (!recordedSha256.equals(trained.artifactSha256())) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.ARTIFACT, "artifact SHA-256", recordedSha256,
                    trained.artifactSha256()));
        }
        return new Reproduction(model, number, recordedSha256, trained.artifactSha256(), differences, notes, steps.done());
    }

    /** The recorded join built again from the feature store's current sources, as a new snapshot. */
    private TrainingSet rebuild(TrainingSet record, Snapshot snapshot, String version) {
        try {
            return featureStore.createTrainingSet(record.featureService(), record.featureServiceVersion(),
                    record.excludeCreatedAfter(), "reproduce " + version, snapshot.entityRowsCsv());
        } catch (PipelineException e) {
            throw new PipelineException(e.kind(), e.getMessage() + " (rebuilding the training set from the current "
                    + "sources creates one, which needs a role allowed to; reproduce without the rebuild to check the "
                    + "recorded snapshot only)", e);
        }
    }

    private static void compareCode(JsonNode recorded, Provenance.Code now, List<Reproduction.Difference> differences,
                                    List<String> notes) {
        String commit = recorded.path("gitCommit").asString(null);
        if (commit == null) {
            notes.add("no git commit was recorded: the code cannot be compared");
            return;
        }
        if (now.gitCommit() == null) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.CODE, "git commit", commit,
                    "none (not run from a git checkout)"));
            return;
        }
        if (!commit.equals(now.gitCommit())) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.CODE, "git commit", commit, now.gitCommit()));
        }
        boolean dirtyThen = recorded.path("dirty").asBoolean(true);
        boolean dirtyNow = !Boolean.FALSE.equals(now.dirty());
        if (dirtyThen != dirtyNow) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.CODE, "uncommitted changes (dirty)",
                    String.valueOf(dirtyThen), String.valueOf(dirtyNow)));
        } else if (dirtyThen) {
            notes.add("the working tree had uncommitted changes when the model was trained and has now: the same "
                    + "commit does not prove the same code, only the artifact hash can");
        }
    }

    private static void compareEnvironment(JsonNode recorded, SortedMap<String, String> now,
                                           List<Reproduction.Difference> differences) {
        TreeSet<String> names = new TreeSet<>(now.keySet());
        recorded.propertyNames().forEach(names::add);
        for (String name : names) {
            String then = recorded.path(name).asString(null);
            if (!Objects.equals(then, now.get(name))) {
                differences.add(new Reproduction.Difference(Reproduction.Kind.ENVIRONMENT, name,
                        then == null ? "not recorded" : then, now.getOrDefault(name, "absent")));
            }
        }
    }

    private static void compareParams(JsonNode recorded, JsonNode now, List<Reproduction.Difference> differences) {
        Map<String, String> then = leaves(recorded);
        Map<String, String> rerun = leaves(now);
        TreeSet<String> paths = new TreeSet<>(then.keySet());
        paths.addAll(rerun.keySet());
        int listed = 0;
        int more = 0;
        for (String path : paths) {
            if (!Objects.equals(then.get(path), rerun.get(path))) {
                if (listed++ < MAX_PARAM_DIFFERENCES) {
                    differences.add(new Reproduction.Difference(Reproduction.Kind.PARAMS, "params." + path,
                            Objects.requireNonNullElse(then.get(path), "absent"),
                            Objects.requireNonNullElse(rerun.get(path), "absent")));
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            differences.add(new Reproduction.Difference(Reproduction.Kind.PARAMS, "params: " + more
                    + " more values differ, not listed", "-", "-"));
        }
    }

    /** The leaves of a JSON tree by path, each as its canonical text, so that 1 and 1.0 compare equal. */
    static Map<String, String> leaves(JsonNode node) {
        Map<String, String> leaves = new TreeMap<>();
        collect("", node, leaves);
        return leaves;
    }

    private static void collect(String path, JsonNode node, Map<String, String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            for (String name : node.propertyNames()) {
                collect(path.isEmpty() ? name : path + "." + name, node.get(name), leaves);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), leaves);
            }
        } else if (!node.isMissingNode()) {
            leaves.put(path, CanonicalJson.canonicalize(node));
        }
    }
}
