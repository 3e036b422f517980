package org.steward.governance.evidence;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.web.StewardException;
import org.steward.governance.policy.EvidenceComputation;
import org.steward.governance.report.ReportService;
import org.steward.governance.report.StoredReport;
import org.steward.runtime.ModelFormat;
import org.steward.runtime.ModelLoadException;
import org.steward.runtime.ModelLoader;
import org.steward.runtime.ScoringModel;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Computes a version's evidence from the real thing: the registry's version and card, the artifact's bytes
 * (verified), the training-set snapshot its lineage pins (verified), the model loaded by the runtime and scored on
 * the development and out-of-time windows, decided by the card's policy. The result is stored with its validation
 * report in one transaction, and audited. It takes seconds (two services, a snapshot, scoring), so it is a POST
 * that returns when done rather than part of a read.
 */
@Service
public class EvidenceService implements EvidenceComputation {

    private final ServiceData services;
    private final EvidenceRepository evidence;
    private final ReportService reports;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EvidenceService(ServiceData services, EvidenceRepository evidence, ReportService reports, AuditLog audit,
                    TransactionTemplate transaction, Clock clock) {
        this.services = services;
        this.evidence = evidence;
        this.reports = reports;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Computes and stores the evidence of the version's artifact, as the service was asked; returns its id. */
    @Override
    public UUID compute(String model, int version) {
        return compute(model, version, true).id();
    }

    /**
     * Computes for a caller: validators, approvers and admins may ask for any version ({@code privileged}), anyone
     * else only for a version they registered.
     */
    public StoredEvidence compute(String model, int version, boolean privileged) {
        ModelFacts facts = services.facts(model, version);
        String caller = audit.currentActor();
        if (!privileged && !caller.equals(facts.registeredBy())) {
            throw StewardException.forbidden("Not allowed to compute evidence", caller + " is neither a validator, an"
                    + " approver nor an admin, nor the author of version " + version + " of " + model + " ("
                    + facts.registeredBy() + ")");
        }
        byte[] artifact = services.artifact(facts);
        TrainingSetRows rows = services.trainingSet(facts);
        Evidence body;
        try (ScoringModel loaded = ModelLoader.load(artifact, facts.artifactSha256(),
                ModelFormat.valueOf(facts.format().toUpperCase(Locale.ROOT)), facts.signature())) {
            body = EvidenceCalculator.compute(facts, rows, loaded);
        } catch (ModelLoadException | IllegalArgumentException e) {
            throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Evidence cannot be computed",
                    "version " + version + " of " + model + " cannot be scored on its training set: " + e.getMessage());
        }
        StoredEvidence stored = new StoredEvidence(UUID.randomUUID(), model, version, facts.artifactSha256(), null,
                body.withGateInputs(body.gateInputs().withReport(true)), clock.instant(), caller);
        return transaction.execute(status -> {
            evidence.insert(stored);
            StoredReport report = reports.render(stored);
            audit.record("evidence.computed", "model/" + model + "/versions/" + version, null,
                    Map.of("evidenceId", stored.id().toString(), "artifactSha256", stored.artifactSha256(),
                            "gateInputs", stored.body().gateInputs().toJson(), "reportSha256", report.pdfSha256()),
                    null);
            return new StoredEvidence(stored.id(), model, version, stored.artifactSha256(), report.pdfSha256(),
                    stored.body(), stored.createdAt(), caller);
        });
    }

    /** The evidence that counts for the version's artifact: the latest computed for it. */
    public Optional<EvidenceRecord> latest(String model, int version, String artifactSha256) {
        return evidence.latest(model, version, artifactSha256).map(StoredEvidence::record);
    }

    /** The latest evidence for the version, whichever artifact it was computed for. */
    public Optional<StoredEvidence> latest(String model, int version) {
        return evidence.latest(model, version);
    }
}
