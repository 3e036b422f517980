package org.steward.registry.reproduction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import org.steward.commons.instance.AbandonedWork;
import org.steward.commons.instance.ServiceInstance;
import org.steward.commons.resilience.ServiceClients;
import org.steward.commons.web.StewardException;
import org.steward.registry.support.RegistryChanges;
import org.steward.registry.version.Lineage;
import org.steward.registry.version.ModelVersion;
import org.steward.registry.version.VersionRepository;
import org.steward.registry.version.VersionService;
import org.steward.training.PipelineException;
import org.steward.training.Reproducer;
import org.steward.training.Reproduction;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Reproductions of registered versions inside the registry: the training pipeline's {@link Reproducer} rerun on a
 * bounded pool, reading the registry in-process and the feature store as the requester. A request is refused up front
 * when the version records no snapshot or spec to rerun, or when its reproduction is already under way; otherwise it
 * is queued, and its request and its end are each an audit event and a {@code steward.registry} event.
 */
@Service
public class ReproductionService implements AbandonedWork {

    static final String REQUESTED = "model.version.reproduction-requested";
    static final String FINISHED = "model.version.reproduction-finished";
    /** Why the code is noted, not compared: the rerun uses the registry's own build, whose commit is not known here. */
    static final String CODE_NOT_CHECKED = "not checked inside the service: the registry reruns the training "
            + "pipeline of its own build, which carries no git commit to compare; the artifact hash shows whether the "
            + "code still produces the same bytes, and steward reproduce in a checkout compares the commit";
    private static final Logger log = LoggerFactory.getLogger(ReproductionService.class);

    private final VersionService versions;
    private final VersionRepository versionRows;
    private final ReproductionRepository reproductions;
    private final RegistryChanges changes;
    private final InProcessRegistry registry;
    private final ServiceClients clients;
    private final ThreadPoolExecutor executor;
    private final ServiceInstance instance;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JsonMapper json;

    ReproductionService(VersionService versions, VersionRepository versionRows, ReproductionRepository reproductions,
                        RegistryChanges changes, InProcessRegistry registry, ServiceClients clients,
                        ThreadPoolExecutor reproductionExecutor, ServiceInstance instance,
                        TransactionTemplate transactions, Clock clock, JsonMapper json) {
        this.versions = versions;
        this.versionRows = versionRows;
        this.reproductions = reproductions;
        this.changes = changes;
        this.registry = registry;
        this.clients = clients;
        this.executor = reproductionExecutor;
        this.instance = instance;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Queues a reproduction of {@code model} version {@code number} for {@code requester}; it starts once the request
     * has committed.
     *
     * @throws StewardException 404 for an unknown version, 422 when it records nothing to rerun, 409 when its
     *                          reproduction is already under way, 503 when the registry cannot take more now
     */
    @Transactional
    public VersionReproduction request(String model, int number, boolean rebuildFromSources, Requester requester) {
        versions.get(model, number);
        ModelVersion version = versionRows.findForUpdate(model, number).orElseThrow(); // one request per version at a time
        refuseWithoutPipeline(version);
        reproductions.findActive(model, number).ifPresent(active -> {
            throw new ReproductionInProgressException(active);
        });
        featureStore(); // refuses before queueing when the registry does not know where the feature store is
        if (executor.getQueue().remainingCapacity() == 0 && executor.getActiveCount() >= executor.getMaximumPoolSize()) {
            throw new StewardException(StewardException.Kind.UNAVAILABLE, "Reproductions busy", "the registry is "
                    + "already running and queueing as many reproductions as it may (steward.registry.reproduction.*); "
                    + "ask again when one has finished");
        }
        VersionReproduction queued = VersionReproduction.queued(version, rebuildFromSources, requester.name(), now());
        reproductions.insert(queued, instance.id());
        changes.record(requester.name(), REQUESTED, version.subject(), null, queued, null, eventData(queued));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                submit(queued, requester);
            }
        });
        return queued;
    }

    @Transactional(readOnly = true)
    public VersionReproduction get(String model, int number, UUID id) {
        versions.get(model, number);
        return reproductions.find(model, number, id).orElseThrow(() -> StewardException.notFound("Reproduction",
                model + " version " + number + " has no reproduction " + id + "; GET "
                        + VersionReproduction.path(model, number) + " lists them"));
    }

    /** The version's reproductions, newest first. */
    @Transactional(readOnly = true)
    public List<VersionReproduction> list(String model, int number) {
        versions.get(model, number);
        return reproductions.list(model, number);
    }

    /**
     * Reproductions left queued or running by a registry instance that is gone cannot resume (the requester's token
     * was only in its memory): they fail, audited, so that the version can be reproduced again. Those of live
     * instances are left alone.
     */
    @Override
    public void failAbandoned(ServiceInstance sweeper) {
        transactions.executeWithoutResult(tx -> {
            for (VersionReproduction active : reproductions.lockAbandoned(sweeper)) {
                record(active, active.failed("the registry instance running it stopped while the reproduction was "
                        + active.status().name().toLowerCase(Locale.ROOT) + "; request it again", now()));
            }
        });
    }

    private static void refuseWithoutPipeline(ModelVersion version) {
        Lineage lineage = version.lineage();
        List<String> lacking = new ArrayList<>();
        if (lineage.trainingSet() == null || blank(lineage.trainingSet().id())) {
            lacking.add("its training-set snapshot");
        } else if (blank(lineage.trainingSet().sha256())) {
            lacking.add("its training-set snapshot's hash");
        }
        if (lineage.pipelineSpec() == null) {
            lacking.add("its pipeline spec");
        }
        if (!lacking.isEmpty()) {
            throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Version cannot be reproduced",
                    version.model() + " version " + version.version() + " does not record " + String.join(" or ", lacking)
                            + " in its lineage, so there is no pipeline to rerun: it was registered outside the "
                            + "training pipeline. Its reproducibilityEvidence lists what it lacks.");
        }
    }

    private void submit(VersionReproduction queued, Requester requester) {
        try {
            executor.execute(() -> run(queued, requester));
        } catch (RejectedExecutionException e) {
            finish(queued, queued.failed("the registry could not take the reproduction (too many at once); "
                    + "request it again", now()));
        }
    }

    /** Runs on the pool: running, the rerun outside any transaction, then the verdict or the reason it failed. */
    void run(VersionReproduction queued, Requester requester) {
        VersionReproduction running = transactions.execute(tx -> {
            VersionReproduction current = reproductions.find(queued.model(), queued.version(), queued.id()).orElseThrow();
            if (current.status() != ReproductionStatus.QUEUED) {
                return null; // failed meanwhile as abandoned, by this instance after missed beats or by another
            }
            VersionReproduction started = current.running(now());
            return reproductions.update(started, ReproductionStatus.QUEUED) ? started : null;
        });
        if (running == null) {
            return;
        }
        VersionReproduction finished;
        try {
            Reproduction result = reproducer(running, requester).reproduce(running.model(), running.version(),
                    running.rebuildFromSources());
            finished = running.succeeded(result, now());
        } catch (PipelineException | StewardException e) {
            finished = running.failed(e.getMessage(), now());
        } catch (RuntimeException | LinkageError e) {
            String incident = UUID.randomUUID().toString();
            log.error("Incident {}: reproduction {} failed unexpectedly", incident, running.id(), e);
            finished = running.failed("the reproduction failed unexpectedly; quote incident " + incident
                    + " to operations", now());
        }
        finish(running, finished);
    }

    private Reproducer reproducer(VersionReproduction reproduction, Requester requester) {
        RequesterFeatureStore store = new RequesterFeatureStore(featureStore(), requester, clock, json);
        return new Reproducer(store, registry, (step, detail, took) -> log.info("Reproduction {} of {} v{}: {} {} ({} ms)",
                reproduction.id(), reproduction.model(), reproduction.version(), step, detail, took.toMillis()),
                new Reproducer.CodeCheck.NotChecked(CODE_NOT_CHECKED));
    }

    private RestClient featureStore() {
        try {
            return clients.client(RequesterFeatureStore.CLIENT);
        } catch (IllegalStateException e) {
            throw new StewardException(StewardException.Kind.UNAVAILABLE, "Feature store not configured",
                    "the registry cannot reproduce versions: " + e.getMessage());
        }
    }

    /** Stores the end of a reproduction with its audit and registry events, as the requester's act. */
    private void finish(VersionReproduction before, VersionReproduction after) {
        transactions.executeWithoutResult(tx -> record(before, after));
    }

    /**
     * In the caller's transaction. An end that comes after the reproduction was failed as abandoned is dropped: the
     * requester was told to ask again, and the audit trail has its one end.
     */
    private void record(VersionReproduction before, VersionReproduction after) {
        if (!reproductions.update(after, before.status())) {
            log.warn("Reproduction {} of {} v{} ended ({}) after it had been failed as abandoned; it stays failed",
                    after.id(), after.model(), after.version(), after.status());
            return;
        }
        changes.record(after.requestedBy(), FINISHED, ModelVersion.subject(after.model(), after.version()), before,
                after, after.failure(), eventData(after));
        log.info("Reproduction {} of {} v{}: {}", after.id(), after.model(), after.version(),
                after.verdict() != null ? after.verdict() : after.status() + " (" + after.failure() + ")");
    }

    /** The event: which reproduction, where it stands and, once it ran, its verdict and the kinds that differ. */
    private static Map<String, Object> eventData(VersionReproduction r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", r.model());
        data.put("version", r.version());
        data.put("reproductionId", r.id());
        data.put("status", r.status());
        data.put("requestedBy", r.requestedBy());
        data.put("rebuildFromSources", r.rebuildFromSources());
        data.put("recordedArtifactSha256", r.recordedArtifactSha256());
        if (r.status() == ReproductionStatus.SUCCEEDED) {
            data.put("verdict", r.verdict());
            data.put("reproducedArtifactSha256", r.reproducedArtifactSha256());
            data.put("differing", r.differences().stream().map(Reproduction.Difference::kind).distinct().toList());
        }
        if (r.failure() != null) {
            data.put("failure", r.failure());
        }
        return data;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
