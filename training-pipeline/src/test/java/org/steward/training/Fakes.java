package org.steward.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.steward.runtime.Artifacts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** In-memory stand-ins for the feature store and the registry, which keep what they were given. */
final class Fakes {

    private Fakes() {
    }

    /** Serves one snapshot; its bytes can be swapped, and a rebuild answers whatever content hash it is told to. */
    static final class Store implements FeatureStore {
        final TrainingSet record;
        byte[] csv;
        String rebuiltSha256;
        final List<byte[]> rebuildRequests = new ArrayList<>();

        Store(ExampleData.Example example) {
            this.record = example.record();
            this.csv = example.csv();
            this.rebuiltSha256 = example.record().contentSha256();
        }

        @Override
        public TrainingSet createTrainingSet(String featureService, int version, boolean excludeCreatedAfter,
                                             String name, byte[] entityRowsCsv) {
            rebuildRequests.add(entityRowsCsv);
            return new TrainingSet("rebuilt-" + rebuildRequests.size(), featureService, version, excludeCreatedAfter,
                    record.rowCount(), rebuiltSha256, record.columns(), record.lineage());
        }

        @Override
        public TrainingSet trainingSet(String id) {
            if (!id.equals(record.id())) {
                throw new PipelineException(PipelineException.Kind.SERVICE, "no training set " + id);
            }
            return record;
        }

        @Override
        public Snapshot snapshot(TrainingSet trainingSet) {
            return ExampleData.read(trainingSet, csv);
        }
    }

    /** Registers versions as the registry shows them: the metadata plus model, number and artifact hash. */
    static final class Registry implements ModelRegistry {
        final List<ObjectNode> versions = new ArrayList<>();
        final List<byte[]> artifacts = new ArrayList<>();

        @Override
        public JsonNode model(String model) {
            if (!model.equals("german-credit-scorecard")) {
                throw new PipelineException(PipelineException.Kind.SERVICE, "404 Model not found: " + model);
            }
            return ServiceClient.JSON.createObjectNode().put("name", model);
        }

        @Override
        public JsonNode version(String model, int version) {
            return versions.stream().filter(v -> v.path("model").asString().equals(model)
                    && v.path("version").asInt() == version).findFirst().orElseThrow(() ->
                    new PipelineException(PipelineException.Kind.SERVICE, "no version " + model + " " + version));
        }

        @Override
        public JsonNode register(String model, ObjectNode metadata, byte[] artifact, String artifactFileName) {
            String sha256 = Artifacts.sha256(artifact);
            if (!Objects.equals(metadata.path("artifactSha256").asString(), sha256)) {
                throw new PipelineException(PipelineException.Kind.SERVICE, "artifact hash mismatch");
            }
            ObjectNode version = metadata.deepCopy();
            version.put("model", model);
            version.put("version", versions.size() + 1);
            version.put("lineageSha256", "0".repeat(64));
            versions.add(version);
            artifacts.add(artifact);
            return version;
        }
    }
}
