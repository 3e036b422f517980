package org.steward.registry.version;

import org.steward.registry.artifact.ContentAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client states about a version it registers, beside the artifact's bytes. The registry assigns the number,
 * computes the artifact's address and takes the author from the token.
 *
 * @param format         {@code onnx}, {@code xgboost_json} or {@code scorecard_json} (any case)
 * @param metrics        evaluation results by name; numbers, or nested objects and arrays (calibration tables)
 * @param params         the training parameters (hyper-parameters, preprocessing choices)
 * @param artifactSha256 optional: the client's own hash of the artifact, checked against the bytes received, so an
 *                       upload damaged on the way is refused rather than registered
 */
public record VersionMetadata(String format, String description, InputSignature inputSignature, JsonNode metrics,
                              JsonNode params, Lineage lineage, String artifactSha256) {

    public VersionMetadata {
        metrics = metrics == null || metrics.isNull() ? JsonNodeFactory.instance.objectNode() : metrics;
        params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
        lineage = lineage == null ? Lineage.none() : lineage;
    }

    /** Every rule the metadata breaks, each with its path. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (format == null) {
            problems.add("format is required: onnx, xgboost_json or scorecard_json");
        } else {
            try {
                ArtifactFormat.fromCode(format);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (inputSignature == null) {
            problems.add("inputSignature is required: the model's inputs in model order, each with a name and a type");
        } else {
            inputSignature.problems().forEach(p -> problems.add("inputSignature." + p));
        }
        if (!metrics.isObject()) {
            problems.add("metrics must be an object of named results");
        }
        if (!params.isObject()) {
            problems.add("params must be an object of named parameters");
        }
        lineage.problems().forEach(p -> problems.add("lineage." + p));
        if (artifactSha256 != null && !ContentAddress.isValid(artifactSha256)) {
            problems.add("artifactSha256 must be 64 lower-case hex digits, not '" + artifactSha256 + "'");
        }
        return problems;
    }

    /** The format; only after {@link #problems()} found none. */
    public ArtifactFormat artifactFormat() {
        return ArtifactFormat.fromCode(format);
    }
}
