package org.steward.registry.reproduction;

import org.steward.commons.instance.ServiceInstance;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where reproductions are kept; the database allows one queued or running reproduction per version. */
public interface ReproductionRepository {

    /** @param runner the {@link ServiceInstance} that runs it */
    void insert(VersionReproduction reproduction, String runner);

    /**
     * Stores the status and, once it ran, the outcome — if the stored status is still {@code from}.
     *
     * @return false when it was not: another instance failed it meanwhile as abandoned
     */
    boolean update(VersionReproduction reproduction, ReproductionStatus from);

    Optional<VersionReproduction> find(String model, int version, UUID id);

    /** The version's reproductions, newest first. */
    List<VersionReproduction> list(String model, int version);

    /** The version's queued or running reproduction, if any. */
    Optional<VersionReproduction> findActive(String model, int version);

    /**
     * The queued or running reproductions whose instance is gone, locked for the caller's transaction; those another
     * sweeping instance holds are skipped.
     */
    List<VersionReproduction> lockAbandoned(ServiceInstance sweeper);
}
