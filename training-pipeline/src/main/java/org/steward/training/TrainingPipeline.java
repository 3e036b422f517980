package org.steward.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A training run, as {@code steward train SPEC} and a CI job start it: read the spec; build the training set from its
 * entity rows through the feature store (or take an existing snapshot); download it, verifying its SHA-256 as it
 * streams; train, evaluate and profile ({@link ModelTrainer}); register the version with its artifact, metrics,
 * params, reference profile and complete lineage. Every step is reported to {@link Progress} with its timing.
 *
 * <p>The same spec, the same snapshot bytes and the same code give the same artifact bytes; {@link Reproducer}
 * proves it for a registered version.
 */
public final class TrainingPipeline {

    private final FeatureStore featureStore;
    private final ModelRegistry registry;
    private final Progress progress;

    public TrainingPipeline(FeatureStore featureStore, ModelRegistry registry, Progress progress) {
        this.featureStore = featureStore;
        this.registry = registry;
        this.progress = progress;
    }

    /** A finished run: what was registered, from what, and how long each step took. */
    public record TrainingRun(String model, int version, String format, String artifactSha256, String trainingSetId,
                              String trainingSetSha256, String referenceProfileSha256, String lineageSha256,
                              JsonNode metrics, List<Step> steps) {
    }

    /**
     * Trains and registers the model {@code specFile} describes.
     *
     * @param trainingSetId an existing snapshot to train on, or null to build one from the spec's entity rows
     * @throws PipelineException what went wrong, in one line, with its kind
     */
    public TrainingRun train(Path specFile, String trainingSetId) {
        Steps steps = new Steps(progress);
        Path directory = specFile.toAbsolutePath().getParent();
        PipelineSpec spec = steps.run("spec", () -> {
            PipelineSpec parsed = PipelineSpec.parse(read(specFile, "the spec"));
            registry.model(parsed.model());
            return parsed;
        }, s -> s.model() + ": " + s.estimator().getClass().getSimpleName().toLowerCase(Locale.ROOT) + " on "
                + s.featureServiceRef() + ", " + s.features().size() + " inputs");
        TrainingSet record = steps.run("training-set", () -> trainingSetId != null
                        ? featureStore.trainingSet(trainingSetId)
                        : featureStore.createTrainingSet(spec.featureService(), spec.featureServiceVersion(), false,
                        "train " + spec.model(), entityRows(spec, directory)),
                t -> (trainingSetId != null ? "using " : "built ") + t.id() + ": " + t.rowCount() + " rows, SHA-256 "
                        + t.contentSha256());
        if (!record.featureService().equals(spec.featureService())
                || record.featureServiceVersion() != spec.featureServiceVersion()) {
            throw Snapshot.data("training set " + record.id() + " was built for " + record.featureService() + "@"
                    + record.featureServiceVersion() + ", but the spec pins " + spec.featureServiceRef());
        }
        Snapshot snapshot = steps.run("download", () -> featureStore.snapshot(record),
                s -> s.rows() + " rows, SHA-256 verified while streaming");
        if (!snapshot.sha256().equals(record.contentSha256())) {
            throw Snapshot.data("training set " + record.id() + " downloaded with SHA-256 " + snapshot.sha256()
                    + ", but its record says " + record.contentSha256() + ": the snapshot was altered; do not train on it");
        }
        ModelTrainer.Trained trained = ModelTrainer.train(spec, snapshot, steps);
        ObjectNode metadata = steps.run("lineage", () -> metadata(spec, snapshot, trained, Provenance.code(directory),
                Provenance.environment()), m -> describeCode(m.path("lineage").path("code")));
        JsonNode version = steps.run("register", () -> registry.register(spec.model(), metadata,
                        trained.fitted().artifact(), spec.model() + ".json"),
                v -> spec.model() + " version " + v.path("version").asInt() + ", artifact " + trained.artifactSha256());
        return new TrainingRun(spec.model(), version.path("version").asInt(), format(trained), trained.artifactSha256(),
                record.id(), record.contentSha256(), trained.profileSha256(), version.path("lineageSha256").asString(null),
                trained.metrics(), steps.done());
    }

    /** The entity rows' bytes exactly as in the file, which the feature store hashes as uploaded. */
    private static byte[] entityRows(PipelineSpec spec, Path directory) {
        if (spec.entityRows() == null) {
            throw PipelineSpec.invalid("spec.entityRows is required to build a training set: the CSV of entity rows "
                    + "(relative to the spec); or pass an existing training set's id");
        }
        Path file = directory.resolve(spec.entityRows());
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw PipelineSpec.invalid("spec.entityRows: no such file " + file);
        } catch (IOException e) {
            throw PipelineSpec.invalid("spec.entityRows: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw PipelineSpec.invalid("cannot read " + what + ": no such file " + file);
        } catch (IOException e) {
            throw PipelineSpec.invalid("cannot read " + what + " " + file + " (" + e.getMessage() + ")");
        }
    }

    static String format(ModelTrainer.Trained trained) {
        return trained.fitted().format().name().toLowerCase(Locale.ROOT);
    }

    private static String describeCode(JsonNode code) {
        return code.path("gitCommit").isString()
                ? "code " + code.path("gitCommit").asString() + (code.path("dirty").asBoolean() ? " (dirty)" : " (clean)")
                : "no git commit: the code version is not recorded";
    }

    /** The version's metadata for the registry: format, input signature, metrics, params, lineage, artifact hash. */
    static ObjectNode metadata(PipelineSpec spec, Snapshot snapshot, ModelTrainer.Trained trained,
                               Provenance.Code code, SortedMap<String, String> environment) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("format", format(trained));
        if (spec.description() != null) {
            metadata.put("description", spec.description());
        }
        ObjectNode signature = metadata.putObject("inputSignature");
        signature.put("featureService", spec.featureServiceRef());
        ArrayNode requestFeatures = signature.putArray("requestFeatures");
        for (TrainingSet.Column column : snapshot.record().columns()) {
            if (column.role().equals("request")) {
                requestFeatures.addObject().put("name", column.name()).put("type", fieldType(column.type()));
            }
        }
        ArrayNode fields = signature.putArray("fields");
        trained.fitted().signature().fields().forEach(f -> fields.addObject().put("name", f.name())
                .put("type", f.type().name().toLowerCase(Locale.ROOT)));
        metadata.set("metrics", trained.metrics());
        metadata.set("params", trained.params());
        metadata.set("lineage", lineage(spec, snapshot.record(), code, environment));
        metadata.put("artifactSha256", trained.artifactSha256());
        return metadata;
    }

    private static String fieldType(String columnType) {
        return switch (columnType) {
            case "int64", "float64" -> "number";
            case "bool" -> "boolean";
            default -> "string";
        };
    }

    /**
     * Everything reproduction needs: the snapshot and its hash, the feature view versions it was joined from, the
     * label, the windows, the code, the environment, the seeds and the spec's own text.
     */
    static ObjectNode lineage(PipelineSpec spec, TrainingSet record, Provenance.Code code,
                              Map<String, String> environment) {
        ObjectNode lineage = JsonNodeFactory.instance.objectNode();
        lineage.putObject("trainingSet").put("id", record.id()).put("sha256", record.contentSha256());
        record.featureViews().forEach(lineage.putArray("featureViews")::add);
        lineage.putObject("label").put("definition", spec.label().definition()).put("source", spec.label().source());
        ObjectNode windows = lineage.putObject("windows");
        window(windows, "train", spec.windows().train());
        window(windows, "validation", spec.windows().validation());
        window(windows, "outOfTime", spec.windows().outOfTime());
        if (code.gitCommit() != null) {
            ObjectNode c = lineage.putObject("code").put("gitCommit", code.gitCommit());
            if (code.dirty() != null) {
                c.put("dirty", code.dirty());
            }
        }
        ObjectNode env = lineage.putObject("environment");
        environment.forEach(env::put);
        ObjectNode seeds = lineage.putObject("seeds");
        spec.seeds().forEach(seeds::put);
        lineage.put("pipelineSpec", spec.text());
        return lineage;
    }

    private static void window(ObjectNode windows, String name, PipelineSpec.Window window) {
        windows.putObject(name).put("from", window.from().toString()).put("to", window.to().toString());
    }
}
