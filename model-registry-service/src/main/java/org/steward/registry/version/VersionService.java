package org.steward.registry.version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.json.Sha256;
import org.steward.commons.web.StewardException;
import org.steward.registry.artifact.ArtifactIntegrityException;
import org.steward.registry.artifact.ArtifactNotFoundException;
import org.steward.registry.artifact.ArtifactStore;
import org.steward.registry.artifact.RegistryProperties;
import org.steward.registry.artifact.StoredArtifact;
import org.steward.registry.model.ModelRepository;
import org.steward.registry.model.ModelService;
import org.steward.registry.model.UseCase;
import org.steward.registry.support.RegistryChanges;
import org.steward.registry.support.StrictJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Registers versions with their artifacts, and reads, searches and compares them. */
@Service
public class VersionService {

    private static final Logger log = LoggerFactory.getLogger(VersionService.class);

    private final ModelRepository models;
    private final VersionRepository versions;
    private final ArtifactStore artifacts;
    private final RegistryChanges changes;
    private final StrictJson strict;
    private final JsonMapper json;
    private final Clock clock;
    private final long maxArtifactBytes;
    private final TransactionTemplate transactions;

    VersionService(ModelRepository models, VersionRepository versions, ArtifactStore artifacts, RegistryChanges changes,
                   StrictJson strict, JsonMapper json, Clock clock, RegistryProperties properties,
                   TransactionTemplate transactions) {
        this.models = models;
        this.versions = versions;
        this.artifacts = artifacts;
        this.changes = changes;
        this.strict = strict;
        this.json = json;
        this.clock = clock;
        this.maxArtifactBytes = properties.maxArtifactSize().toBytes();
        this.transactions = transactions;
    }

    /**
     * Registers the next version of {@code model} in status {@code dev}, its author the authenticated caller. The
     * artifact is streamed into the store and addressed by its hash; the version, its audit record and its registry
     * event commit together.
     */
    @Transactional
    public ModelVersion register(String model, JsonNode metadataDocument, InputStream artifact) {
        VersionMetadata metadata = strict.read(metadataDocument, VersionMetadata.class, "the version metadata");
        List<String> problems = metadata.problems();
        if (!problems.isEmpty()) {
            throw StewardException.invalid(String.join("; ", problems));
        }
        models.find(model).orElseThrow(() -> ModelService.notFound(model));
        StoredArtifact stored = artifacts.put(artifact);
        if (stored.size() == 0) {
            throw StewardException.invalid("the artifact is empty");
        }
        if (stored.size() > maxArtifactBytes) {
            throw StewardException.invalid("the artifact has " + stored.size() + " bytes, more than the "
                    + maxArtifactBytes + " allowed (steward.registry.max-artifact-size)");
        }
        if (metadata.artifactSha256() != null && !metadata.artifactSha256().equals(stored.sha256())) {
            throw StewardException.invalid("the artifact received hashes to " + stored.sha256() + ", not to "
                    + metadata.artifactSha256() + " as the metadata states: it was damaged on the way or is the wrong file");
        }
        models.findForUpdate(model); // numbers are assigned one registration at a time, after the slow part
        Instant now = now();
        ModelVersion version = new ModelVersion(model, versions.nextVersion(model), VersionStatus.DEV, List.of(),
                metadata.artifactFormat(), stored.sha256(), stored.size(), metadata.description(), metadata.inputSignature(),
                metadata.metrics(), metadata.params(), metadata.lineage(),
                Sha256.hexOfCanonical(json.valueToTree(metadata.lineage())), now, changes.currentActor(), now);
        versions.insert(version);
        changes.record("model.version.registered", version.subject(), null, version, null, version);
        return version;
    }

    @Transactional(readOnly = true)
    public ModelVersion get(String model, int version) {
        return versions.find(model, version).orElseThrow(() -> notFound(model, version));
    }

    @Transactional(readOnly = true)
    public List<ModelVersion> list(String model) {
        models.find(model).orElseThrow(() -> ModelService.notFound(model));
        return versions.list(model);
    }

    /** Versions in {@code status}, of models with {@code useCase}, of {@code model}; each criterion optional. */
    @Transactional(readOnly = true)
    public List<ModelVersion> search(String status, String useCase, String model, int limit) {
        try {
            return versions.search(status == null ? null : VersionStatus.fromCode(status),
                    useCase == null ? null : UseCase.fromCode(useCase), model, limit);
        } catch (IllegalArgumentException e) {
            throw StewardException.invalid(e.getMessage());
        }
    }

    @Transactional(readOnly = true)
    public VersionComparison compare(String model, int a, int b) {
        ModelVersion first = get(model, a);
        ModelVersion second = get(model, b);
        return VersionComparison.of(first, json.valueToTree(first.lineage()), second, json.valueToTree(second.lineage()));
    }

    /**
     * The artifact of a version, read to the end and verified before a byte is handed out: a download is either the
     * registered bytes or a refusal, never a truncated or altered file. A refusal is audited.
     */
    public VerifiedArtifact verifiedArtifact(String model, int number) {
        ModelVersion version = get(model, number);
        Path copy = null;
        try {
            copy = Files.createTempFile("steward-artifact-", ".verified");
            try (InputStream in = artifacts.open(version.artifactSha256()); OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            return new VerifiedArtifact(version, Files.newInputStream(copy, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (ArtifactIntegrityException e) {
            deleteQuietly(copy);
            throw corrupted(version, e.actualSha256(), "its stored bytes hash to " + e.actualSha256());
        } catch (ArtifactNotFoundException e) {
            deleteQuietly(copy);
            throw corrupted(version, null, "the store has nothing at its address");
        } catch (IOException e) {
            deleteQuietly(copy);
            throw new UncheckedIOException("could not read the artifact of " + version.subject(), e);
        }
    }

    private StewardException corrupted(ModelVersion version, String actualSha256, String what) {
        String reason = "artifact " + version.artifactSha256() + " of " + version.subject() + " refused on read: " + what;
        log.error("Artifact corrupted: {}", reason);
        transactions.executeWithoutResult(tx -> changes.auditOnly(changes.currentActor(), "model.version.artifact-corrupted",
                version.subject(), Map.of("artifactSha256", version.artifactSha256(),
                        "actualSha256", actualSha256 == null ? "missing" : actualSha256), reason));
        return StewardException.conflict("Artifact corrupted", "the stored artifact of " + version.model() + " version "
                + version.version() + " is not the one registered (SHA-256 " + version.artifactSha256() + "): " + what
                + ". It was altered or damaged at rest and will not be served; restore it from a backup or register "
                + "the model again. The refusal is in the audit trail.");
    }

    static StewardException notFound(String model, int version) {
        return StewardException.notFound("Version", "model '" + model + "' has no version " + version
                + "; GET /api/v1/models/" + model + "/versions lists them");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file the operating system cleans up; the refusal is what matters
            }
        }
    }
}
