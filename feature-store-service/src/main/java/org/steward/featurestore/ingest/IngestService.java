package org.steward.featurestore.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.json.Sha256;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.definition.Catalog;
import org.steward.featurestore.definition.DefinitionService;
import org.steward.featurestore.definition.FeatureView;
import org.steward.featurestore.offline.OfflineTables;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Validated ingest. A batch is spooled to disk, validated whole, then either loaded with COPY into the offline
 * store together with its record and events in one transaction — so it lands entirely or not at all — or kept in
 * quarantine with its report, to be downloaded, fixed and replayed. Stream sources go through the same rules one
 * message at a time.
 */
@Service
public class IngestService {

    static final String UPLOAD = "upload";
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final DefinitionService definitions;
    private final OfflineTables offline;
    private final BatchStore store;
    private final AuditLog audit;
    private final Outbox outbox;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate separateTransaction;

    IngestService(DefinitionService definitions, OfflineTables offline, BatchStore store, AuditLog audit, Outbox outbox,
                  JsonMapper json, JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.definitions = definitions;
        this.offline = offline;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.separateTransaction = new TransactionTemplate(transactions);
        separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A stream source being consumed, and the view version its messages are checked against. */
    public record StreamSource(FeatureView view, IngestSchema schema, String topic, String group) {
    }

    /** Validates a batch for {@code view} ({@code version}, or the latest when null) and lands or quarantines it. */
    public IngestOutcome upload(String viewName, Integer version, BatchFormat format, InputStream body) throws IOException {
        Catalog catalog = definitions.catalog();
        FeatureView view = (version == null ? catalog.latestFeatureView(viewName) : catalog.featureView(viewName, version))
                .orElseThrow(() -> unknownView(catalog, viewName, version));
        return ingest(view, catalog, format, body, null);
    }

    /**
     * Validates a corrected version of a quarantined batch against the same view version. Accepted, it lands and
     * the quarantined batch becomes REPLAYED; refused, it is quarantined in turn with its own report.
     */
    public IngestOutcome replay(UUID quarantined, BatchFormat format, InputStream body) throws IOException {
        Batch original = require(quarantined);
        if (original.status() != Batch.Status.QUARANTINED) {
            throw StewardException.conflict("Batch not quarantined", "batch " + quarantined + " is " + original.status()
                    + (original.replayedBy() == null ? "" : " (by " + original.replayedBy() + ")")
                    + "; only a quarantined batch can be replayed");
        }
        Catalog catalog = definitions.catalog();
        FeatureView view = catalog.featureView(original.view(), original.version())
                .orElseThrow(() -> new IllegalStateException("batch " + quarantined + " names a view version that does not exist"));
        return ingest(view, catalog, format, body, original.id());
    }

    public Batch require(UUID id) {
        return store.find(id).orElseThrow(() -> StewardException.notFound("Batch", "no batch " + id
                + "; GET /api/v1/batches lists them"));
    }

    public List<Batch> list(Batch.Status status, String view, int limit) {
        return store.list(status, view, limit);
    }

    /** Streams a batch's original content to {@code out}. */
    public void writeContent(UUID id, OutputStream out) throws IOException {
        store.writeContent(id, out);
    }

    private IngestOutcome ingest(FeatureView view, Catalog catalog, BatchFormat format, InputStream body, UUID replayOf)
            throws IOException {
        IngestSchema schema = IngestSchema.of(view, OfflineTables.joinKeys(view, catalog));
        UUID id = UUID.randomUUID();
        Path copy = Files.createTempFile("steward-batch-", ".copy");
        try (Spool upload = Spool.of(body)) {
            if (upload.size() == 0) {
                throw StewardException.invalid("the file is empty; send the " + format.code() + " file as the request body, "
                        + "with the columns " + String.join(", ", schema.names()));
            }
            long started = System.nanoTime();
            ValidationResult result;
            try (Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
                result = new BatchValidator(schema, clock.instant()).validate(format, upload.path(), id, out);
            }
            if (result.valid() && result.rows() == 0) {
                throw StewardException.invalid("the file has no data rows, so there is nothing to ingest");
            }
            Batch batch = new Batch(id, view.name(), view.version(), format, UPLOAD,
                    result.valid() ? Batch.Status.ACCEPTED : Batch.Status.QUARANTINED, result.rows(), result.violationCount(),
                    result.violations(), result.minEventTime(), result.maxEventTime(), upload.size(), upload.sha256(),
                    clock.instant(), audit.currentActor(), replayOf, null);
            if (!result.valid()) {
                inTransaction(() -> {
                    try (InputStream content = Files.newInputStream(upload.path())) {
                        quarantine(batch, content);
                    }
                });
                return new IngestOutcome.Quarantined(id, view.name(), view.version(), result.rows(), result.violationCount(),
                        result.violations());
            }
            long validated = System.nanoTime();
            ensurePartitions(view, result.minEventTime(), result.maxEventTime());
            inTransaction(() -> {
                try (InputStream content = Files.newInputStream(upload.path()); InputStream lines = Files.newInputStream(copy)) {
                    land(batch, schema, content, lines);
                }
                if (replayOf != null && !store.markReplayed(replayOf, id)) {
                    throw StewardException.conflict("Batch not quarantined", "batch " + replayOf
                            + " was replayed by another request meanwhile; this replay is not applied");
                }
            });
            log.info("Batch {} for {}: {} rows ({} bytes) validated in {} ms, landed in {} ms", id, view.reference(),
                    result.rows(), upload.size(), (validated - started) / 1_000_000, (System.nanoTime() - validated) / 1_000_000);
            return new IngestOutcome.Accepted(id, view.name(), view.version(), result.rows(), result.minEventTime(),
                    result.maxEventTime(), replayOf);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Applies one poll of a stream source in one transaction: valid messages land as one accepted batch, invalid
     * ones become one quarantined batch, and the source's positions advance. Messages before the recorded
     * positions were applied already (a redelivery) and are skipped.
     */
    void ingestMessages(StreamSource source, List<StreamMessages.Message> messages) {
        UUID acceptedId = UUID.randomUUID();
        Instant now = clock.instant();
        List<StreamMessages.Checked> checked = StreamMessages.check(source.schema(), now, acceptedId, messages);
        List<Instant> times = checked.stream().map(StreamMessages.Checked::eventTime).filter(Objects::nonNull).toList();
        if (!times.isEmpty()) {
            ensurePartitions(source.view(), times.stream().min(Comparator.naturalOrder()).orElseThrow(),
                    times.stream().max(Comparator.naturalOrder()).orElseThrow());
        }
        inTransaction(() -> {
            SortedSet<Integer> partitions = checked.stream().map(c -> c.message().partition())
                    .collect(Collectors.toCollection(TreeSet::new));
            Map<Integer, Long> next = store.lockPositions(source.group(), source.topic(), partitions);
            List<StreamMessages.Checked> fresh = checked.stream()
                    .filter(c -> c.message().offset() >= next.get(c.message().partition())).toList();
            if (fresh.isEmpty()) {
                return;
            }
            landMessages(source, acceptedId, now, fresh.stream().filter(StreamMessages.Checked::valid).toList());
            quarantineMessages(source, now, fresh.stream().filter(c -> !c.valid()).toList());
            fresh.forEach(c -> next.merge(c.message().partition(), c.message().offset() + 1, Math::max));
            store.savePositions(source.group(), source.topic(), next);
        });
    }

    /** Where a stream source's consumer group resumes on each partition it is assigned. */
    Map<Integer, Long> streamPositions(StreamSource source) {
        return store.positions(source.group(), source.topic());
    }

    private void landMessages(StreamSource source, UUID id, Instant now, List<StreamMessages.Checked> valid) throws IOException {
        if (valid.isEmpty()) {
            return;
        }
        byte[] content = jsonLines(valid);
        byte[] lines = valid.stream().map(StreamMessages.Checked::copyLine).collect(Collectors.joining())
                .getBytes(StandardCharsets.UTF_8);
        List<Instant> times = valid.stream().map(StreamMessages.Checked::eventTime).sorted().toList();
        Batch batch = new Batch(id, source.view().name(), source.view().version(), BatchFormat.JSONL, "kafka:" + source.topic(),
                Batch.Status.ACCEPTED, valid.size(), 0, List.of(), times.getFirst(), times.getLast(), content.length,
                Sha256.hex(content), now, audit.currentActor(), null, null);
        land(batch, source.schema(), new ByteArrayInputStream(content), new ByteArrayInputStream(lines));
    }

    /** Quarantines the invalid messages of a poll as one JSON lines batch, numbered as its lines. */
    private void quarantineMessages(StreamSource source, Instant now, List<StreamMessages.Checked> invalid) {
        if (invalid.isEmpty()) {
            return;
        }
        Violations violations = new Violations();
        for (int i = 0; i < invalid.size(); i++) {
            StreamMessages.Message message = invalid.get(i).message();
            String where = "partition " + message.partition() + " offset " + message.offset() + ": ";
            for (Violation violation : invalid.get(i).violations()) {
                violations.add(violation.atRow(i + 1, where));
            }
        }
        byte[] content = jsonLines(invalid);
        Batch batch = new Batch(UUID.randomUUID(), source.view().name(), source.view().version(), BatchFormat.JSONL,
                "kafka:" + source.topic(), Batch.Status.QUARANTINED, invalid.size(), violations.count(), violations.reported(),
                null, null, content.length, Sha256.hex(content), now, audit.currentActor(), null, null);
        quarantine(batch, new ByteArrayInputStream(content));
        log.warn("{} invalid message(s) on {} for {} quarantined as batch {}", invalid.size(), source.topic(),
                source.view().reference(), batch.id());
    }

    private void land(Batch batch, IngestSchema schema, InputStream content, InputStream lines) {
        store.insert(batch, content);
        long copied = store.copy(schema, lines);
        if (copied != batch.rows()) {
            throw new IllegalStateException("batch " + batch.id() + " validated " + batch.rows() + " rows but loaded " + copied);
        }
        publish("feature-batch.ingested", "feature.batch.ingested", batch,
                batch.rows() + " row(s) landed in " + OfflineTables.table(schema.view()));
    }

    private void quarantine(Batch batch, InputStream content) {
        store.insert(batch, content);
        publish("feature-batch.quarantined", "feature.batch.quarantined", batch, "refused whole: " + batch.violationCount()
                + " violation(s), first " + batch.report().getFirst().describe());
    }

    /** An audit event and a {@value Topics#FEATURES} event, both in the batch's transaction. */
    private void publish(String action, String eventType, Batch batch, String reason) {
        String subject = "feature-view/" + batch.view() + "@" + batch.version();
        ObjectNode data = json.createObjectNode()
                .put("batchId", batch.id().toString())
                .put("view", batch.view())
                .put("version", batch.version())
                .put("format", batch.format().code())
                .put("source", batch.source())
                .put("status", batch.status().name())
                .put("rows", batch.rows())
                .put("violations", batch.violationCount())
                .put("contentBytes", batch.contentBytes())
                .put("contentSha256", batch.contentSha256());
        if (batch.minEventTime() != null) {
            data.put("minEventTime", batch.minEventTime().toString()).put("maxEventTime", batch.maxEventTime().toString());
        }
        if (batch.replayOf() != null) {
            data.put("replayOf", batch.replayOf().toString());
        }
        CloudEvent audited = audit.record(action, subject, null, data, reason);
        outbox.append(Topics.FEATURES, CloudEvent.of(audited.source(), eventType, subject, clock.instant(), data));
    }

    /**
     * Creates the yearly partitions the rows fall into in a short transaction of its own, so the DDL's locks are
     * not held while a large batch loads; concurrent creators of one table queue on an advisory lock.
     */
    private void ensurePartitions(FeatureView view, Instant min, Instant max) {
        separateTransaction.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param(OfflineTables.table(view)).query().singleValue();
            offline.ensurePartitions(view, min, max);
        });
    }

    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    private void inTransaction(Work work) {
        transaction.executeWithoutResult(status -> {
            try {
                work.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] jsonLines(List<StreamMessages.Checked> messages) {
        return messages.stream().map(c -> c.line() + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
    }

    private static StewardException unknownView(Catalog catalog, String name, Integer version) {
        List<Integer> versions = catalog.featureViews().stream().filter(v -> v.name().equals(name)).map(FeatureView::version).toList();
        if (versions.isEmpty()) {
            return StewardException.notFound("Feature view", "no feature view named '" + name
                    + "'; GET /api/v1/definitions lists them");
        }
        return StewardException.notFound("Feature view version", "feature view '" + name + "' has no version " + version
                + "; its versions are " + versions);
    }
}
