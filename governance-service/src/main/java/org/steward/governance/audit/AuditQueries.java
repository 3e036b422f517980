package org.steward.governance.audit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.audit.chain.AuditExport;
import org.steward.commons.audit.chain.ChainEntry;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/** Read side of the trail: search and the streamed export. */
@Component
class AuditQueries {

    private final AuditChainStore store;
    private final AuditTrail trail;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;
    private final Clock clock;

    AuditQueries(AuditChainStore store, AuditTrail trail, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.store = store;
        this.trail = trail;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.json = json;
        this.clock = clock;
    }

    List<AuditChainStore.Link> find(AuditChainStore.Filter filter, int page, int size) {
        return readOnly.execute(tx -> store.find(filter, page, size));
    }

    long count(AuditChainStore.Filter filter) {
        return readOnly.execute(tx -> store.count(filter));
    }

    /** Writes the export in one read-only transaction, so the events and checkpoints are one consistent snapshot. */
    void export(OutputStream out) {
        readOnly.executeWithoutResult(tx -> {
            var checkpoints = store.checkpoints();
            try (Stream<AuditChainStore.Link> links = store.stream()) {
                AuditExport.write(out, links.map(link -> new ChainEntry(link.sequence(), link.eventId(),
                        json.readTree(link.event()), link.prevHash(), link.hash())).iterator(), checkpoints,
                        trail.keys().publicKeyPem(), clock.instant());
            }
        });
    }
}
