package org.steward.registry.reproduction;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where reproductions are kept; the database allows one queued or running reproduction per version. */
public interface ReproductionRepository {

    void insert(VersionReproduction reproduction);

    /** Stores the status and, once it ran, the outcome. */
    void update(VersionReproduction reproduction);

    Optional<VersionReproduction> find(String model, int version, UUID id);

    /** The version's reproductions, newest first. */
    List<VersionReproduction> list(String model, int version);

    /** The version's queued or running reproduction, if any. */
    Optional<VersionReproduction> findActive(String model, int version);

    /** Every queued or running reproduction, of any version. */
    List<VersionReproduction> findAllActive();
}
