package org.steward.featurestore.trainingset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.AuditRecord;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionCodec;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.FeatureRef;
import org.steward.featurestore.definition.FeatureService;
import org.steward.featurestore.definition.JoinKey;
import org.steward.featurestore.job.Jobs;
import org.steward.featurestore.job.Progress;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Point-in-time correct training sets: checks the request and the uploaded entity rows, builds the snapshot — at
 * once for up to {@value #SYNC_ROW_LIMIT} rows, else as a job — and records it with its lineage, an audit event
 * and a {@value Topics#FEATURES} event in the snapshot's own transaction.
 */
@Service
public class TrainingSetService {

    /** Up to this many entity rows a request is answered with the snapshot; beyond, with a job to poll. */
    public static final int SYNC_ROW_LIMIT = 10_000;
    static final String CREATED = "training-set.created";
    static final String CORRUPTED = "training-set.corrupted";
    private static final Logger log = LoggerFactory.getLogger(TrainingSetService.class);
    private static final int MAX_NAME_LENGTH = 200;

    private final DefinitionService definitions;
    private final TrainingSetBuilder builder;
    private final TrainingSetRepository repository;
    private final TrainingSetExport export;
    private final Jobs jobs;
    private final AuditLog audit;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    TrainingSetService(DefinitionService definitions, TrainingSetBuilder builder, TrainingSetRepository repository,
                       TrainingSetExport export, Jobs jobs, AuditLog audit, Outbox outbox,
                       PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.definitions = definitions;
        this.builder = builder;
        this.repository = repository;
        this.export = export;
        this.jobs = jobs;
        this.audit = audit;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * What to build.
     *
     * @param version the feature service version, or null for the latest
     * @param name    an optional label for people
     */
    public record Request(String featureService, Integer version, boolean excludeCreatedAfter, String name) {
    }

    /** The answer to a request: the snapshot itself, or the job that is building it. */
    public sealed interface Submission {

        record Built(TrainingSet trainingSet) implements Submission {
        }

        record Queued(UUID jobId, long rows) implements Submission {
        }
    }

    /**
     * Checks {@code request} and {@code entityRows} (CSV), then builds the snapshot or queues its job.
     *
     * @param actor who asks; recorded as the creator and in the audit trail, also when a job builds it later
     * @throws StewardException not found for an unknown feature service, invalid for bad entity rows
     */
    public Submission create(Request request, InputStream entityRows, String actor) throws IOException {
        if (request.name() != null && request.name().length() > MAX_NAME_LENGTH) {
            throw StewardException.invalid("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        Catalog catalog = definitions.catalog();
        FeatureService service = (request.version() == null ? catalog.latestFeatureService(request.featureService())
                : catalog.featureService(request.featureService(), request.version()))
                .orElseThrow(() -> StewardException.notFound("Feature service", "no feature service named '"
                        + request.featureService() + "'" + (request.version() == null ? "" : " with version " + request.version())
                        + "; GET /api/v1/definitions lists them"));
        TrainingSetPlan plan = TrainingSetPlan.of(service, catalog);
        EntityFile entities = EntityFile.receive(entityRows, plan);
        if (entities.rows() <= SYNC_ROW_LIMIT) {
            try (entities) {
                return new Submission.Built(build(request, plan, entities, actor, Progress.NONE));
            }
        }
        try {
            UUID job = jobs.submit("training-set", actor, progress -> {
                try (entities) {
                    return build(request, plan, entities, actor, progress).toJson();
                }
            });
            return new Submission.Queued(job, entities.rows());
        } catch (RuntimeException e) {
            entities.close();
            throw e;
        }
    }

    public TrainingSet get(UUID id) {
        return repository.find(id).orElseThrow(() -> StewardException.notFound("Training set",
                "no training set " + id + "; GET /api/v1/training-sets lists them"));
    }

    /** The newest first, optionally of one feature service. */
    public List<TrainingSet> list(String featureService, int limit) {
        return repository.list(featureService, limit);
    }

    /** What a snapshot's rows can be downloaded as. */
    public enum Format {
        CSV, PARQUET;

        /** @throws StewardException (invalid) naming the formats there are */
        public static Format of(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw StewardException.invalid("format must be csv or parquet, not '" + name + "'");
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A snapshot's rows, checked against the recorded content hash before a byte is handed out. Closing
     * {@code content} deletes the temporary file it reads.
     */
    public record Download(TrainingSet trainingSet, Format format, InputStream content) {
    }

    /**
     * The rows' SHA-256 as they are now, beside the one recorded when the snapshot was built.
     *
     * @param actualSha256 null when the rows are gone (the snapshot's table was dropped)
     */
    public record Verification(TrainingSet trainingSet, String actualSha256, Instant checkedAt) {

        public boolean intact() {
            return trainingSet.contentSha256().equals(actualSha256);
        }

        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("id", trainingSet.id().toString());
            node.put("intact", intact());
            node.put("rowCount", trainingSet.rowCount());
            node.put("contentSha256", trainingSet.contentSha256());
            node.put("actualSha256", actualSha256);
            node.put("rowsMissing", actualSha256 == null);
            node.put("checkedAt", checkedAt.toString());
            return node;
        }
    }

    /**
     * Exports the rows and serves them only if they still hash to the recorded content hash: a download is the
     * snapshot a model version pins, or a refusal, never rows that were altered after it was built.
     *
     * @throws StewardException (conflict) when the rows no longer match; the refusal is audited
     */
    public Download download(UUID id, Format format, String actor) throws IOException {
        TrainingSet trainingSet = get(id);
        TrainingSetExport.Exported exported = export.export(trainingSet, format);
        String actual = exported.contentSha256();
        if (!trainingSet.contentSha256().equals(actual)) {
            exported.discard();
            corrupted(trainingSet, actual, actor, Detection.DOWNLOAD);
            throw StewardException.conflict("Training set corrupted", "the rows of training set " + id
                    + (actual == null ? " are gone: the table that held them no longer exists"
                    : " no longer hash to its recorded content hash " + trainingSet.contentSha256() + " (they hash to "
                    + actual + "): they were altered or damaged after it was built")
                    + ", and will not be served. Build the training set again from its entity rows; the refusal is in the "
                    + "audit trail.");
        }
        return new Download(trainingSet, format, exported.open());
    }

    /**
     * Recomputes the content hash of a snapshot's rows, for an auditor or a validator who wants to know that the
     * rows a model version pins are still the ones it was trained on. A mismatch is audited.
     */
    public Verification verify(UUID id, String actor) throws IOException {
        TrainingSet trainingSet = get(id);
        Verification verification = new Verification(trainingSet, export.contentSha256(trainingSet),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (!verification.intact()) {
            corrupted(trainingSet, verification.actualSha256(), actor, Detection.VERIFICATION);
        }
        return verification;
    }

    /** Where altered rows were noticed. */
    private enum Detection {
        DOWNLOAD("refused on download"), VERIFICATION("found by verification");

        private final String how;

        Detection(String how) {
            this.how = how;
        }
    }

    /**
     * Logs, counts ({@code steward.training_sets.corrupted}, for operations to alert on) and audits, in a transaction
     * of its own, rows that no longer hash to the recorded content hash.
     */
    private void corrupted(TrainingSet trainingSet, String actualSha256, String actor, Detection found) {
        Counter.builder("steward.training_sets.corrupted").description("Training sets whose rows no longer match their content hash")
                .tag("found", found.name().toLowerCase(Locale.ROOT)).register(meters).increment();
        log.error("Training set {} is corrupted ({}): recorded SHA-256 {}, its rows hash to {}", trainingSet.id(), found.how,
                trainingSet.contentSha256(), actualSha256 == null ? "nothing: they are gone" : actualSha256);
        ObjectNode details = JsonNodeFactory.instance.objectNode()
                .put("contentSha256", trainingSet.contentSha256()).put("actualSha256", actualSha256 == null ? "missing" : actualSha256);
        transaction.executeWithoutResult(status -> audit.record(new AuditRecord(actor, CORRUPTED,
                "training-set/" + trainingSet.id(), null, details, "rows no longer match the content hash: " + found.how)));
    }

    private TrainingSet build(Request request, TrainingSetPlan plan, EntityFile entities, String actor, Progress progress) {
        UUID id = UUID.randomUUID();
        String table = TrainingSet.snapshotTable(id);
        List<Column> columns = new ArrayList<>(entities.columns());
        columns.addAll(plan.derivedColumns());
        return transaction.execute(status -> {
            TrainingSetBuilder.Loaded loaded;
            try {
                loaded = builder.load(table, plan, entities, columns, request.excludeCreatedAfter(), progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("building training set " + id + " failed", e);
            }
            FeatureService service = plan.service();
            TrainingSet trainingSet = new TrainingSet(id, request.name(), service.name(), service.version(),
                    request.excludeCreatedAfter(), table, loaded.rows(), entities.sha256(), loaded.contentSha256(), columns,
                    lineage(plan, entities, request.excludeCreatedAfter()), clock.instant().truncatedTo(ChronoUnit.MICROS), actor);
            repository.insert(trainingSet);
            String subject = "training-set/" + id;
            ObjectNode event = trainingSet.toJson();
            CloudEvent audited = audit.record(new AuditRecord(actor, CREATED, subject, null, event, "training set built"));
            outbox.append(Topics.FEATURES, CloudEvent.of(audited.source(), CREATED, subject, trainingSet.createdAt(), event));
            return trainingSet;
        });
    }

    /** Exactly what the rows were built from, so that a model version that pins this snapshot can say so. */
    private static ObjectNode lineage(TrainingSetPlan plan, EntityFile entities, boolean excludeCreatedAfter) {
        ObjectNode lineage = JsonNodeFactory.instance.objectNode();
        lineage.putObject("featureService").put("name", plan.service().name()).put("version", plan.service().version());
        for (TrainingSetPlan.ViewJoin join : plan.views()) {
            ObjectNode view = lineage.withArray("featureViews").addObject()
                    .put("name", join.view().name()).put("version", join.view().version())
                    .put("ttl", DefinitionCodec.ttl(join.view().ttl()))
                    .put("offlineTable", join.table());
            join.keys().stream().map(JoinKey::name).forEach(view.withArray("joinKeys")::add);
            join.features().stream().map(FeatureRef::feature).forEach(view.withArray("features")::add);
        }
        lineage.withArray("transformations");
        for (TrainingSetPlan.Derived derived : plan.transformations()) {
            lineage.withArray("transformations").addObject().put("name", derived.transformation().name())
                    .put("version", derived.transformation().version()).put("type", derived.transformation().type().code())
                    .put("expression", derived.transformation().expression());
        }
        lineage.withArray("requestFeatures");
        for (FeatureService.RequestFeature request : plan.service().requestFeatures()) {
            lineage.withArray("requestFeatures").addObject().put("name", request.name()).put("type", request.type().code());
        }
        lineage.putObject("entityRows").put("sha256", entities.sha256()).put("rows", entities.rows());
        lineage.put("excludeCreatedAfter", excludeCreatedAfter);
        return lineage;
    }
}
