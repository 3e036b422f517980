package org.steward.registry.version;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * One registered version of a model: its artifact (by content address, with its format), what it needs to score,
 * how well it did, how it was made, and where it stands in the lifecycle.
 *
 * @param aliases       the deployment aliases it holds ({@code champion}, {@code challenger})
 * @param lineageSha256 SHA-256 of the RFC 8785 canonical lineage as registered: the lineage's own content address
 * @param reproduced    the latest reproduction by the registry that reached a verdict, shown in the evidence; null if none
 */
public record ModelVersion(String model, int version, VersionStatus status, List<Alias> aliases, ArtifactFormat format,
                           String artifactSha256, long artifactSize, String description, InputSignature inputSignature,
                           JsonNode metrics, JsonNode params, Lineage lineage, String lineageSha256,
                           Instant createdAt, String createdBy, Instant statusChangedAt,
                           @JsonIgnore ReproducibilityEvidence.Reproduced reproduced) {

    public ModelVersion {
        aliases = List.copyOf(aliases);
    }

    /** A version not reproduced by the registry (yet). */
    public ModelVersion(String model, int version, VersionStatus status, List<Alias> aliases, ArtifactFormat format,
                        String artifactSha256, long artifactSize, String description, InputSignature inputSignature,
                        JsonNode metrics, JsonNode params, Lineage lineage, String lineageSha256, Instant createdAt,
                        String createdBy, Instant statusChangedAt) {
        this(model, version, status, aliases, format, artifactSha256, artifactSize, description, inputSignature, metrics,
                params, lineage, lineageSha256, createdAt, createdBy, statusChangedAt, null);
    }

    /** The subject of this version's events, as governance names it too. */
    public static String subject(String model, int version) {
        return "model/" + model + "/versions/" + version;
    }

    public String subject() {
        return subject(model, version);
    }

    @JsonProperty("reproducibilityEvidence")
    public ReproducibilityEvidence reproducibilityEvidence() {
        return ReproducibilityEvidence.of(lineage, reproduced);
    }

    public boolean holds(Alias alias) {
        return aliases.contains(alias);
    }
}
