package org.steward.registry.version;

import org.steward.registry.model.UseCase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where versions are kept. Lookups "for update" lock the rows until the end of the transaction. */
public interface VersionRepository {

    /** The number the next version of {@code model} gets; call with the model locked. */
    int nextVersion(String model);

    void insert(ModelVersion version);

    Optional<ModelVersion> find(String model, int version);

    Optional<ModelVersion> findForUpdate(String model, int version);

    Optional<ModelVersion> findChampionForUpdate(String model);

    List<ModelVersion> list(String model);

    /** Versions matching every given criterion (null = any), newest first. */
    List<ModelVersion> search(VersionStatus status, UseCase useCase, String model, int limit);

    /** Stores the version's status and aliases; the database refuses a second champion. */
    void update(String model, int version, VersionStatus status, List<Alias> aliases, Instant statusChangedAt);
}
