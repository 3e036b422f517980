package org.steward.governance.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.outbox.ProcessedEvents;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Applies {@code steward.registry} events to the catalog, each once: the event id is claimed in the transaction that
 * applies it. Types the catalog does not follow are claimed too, so a redelivery costs nothing.
 */
@Service
public class CatalogProjection {

    static final String CONSUMER = "governance.catalog";
    private static final Logger log = LoggerFactory.getLogger(CatalogProjection.class);

    private final CatalogRepository catalog;
    private final ProcessedEvents processed;

    CatalogProjection(CatalogRepository catalog, ProcessedEvents processed) {
        this.catalog = catalog;
        this.processed = processed;
    }

    @Transactional
    public void apply(CloudEvent event) {
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            log.debug("Registry event {} ({}) was already applied", event.id(), event.type());
            return;
        }
        JsonNode data = event.data();
        switch (event.type()) {
            case "model.registered", "model.updated" -> catalog.upsertModel(RegistryDocuments.model(data));
            case "model.version.registered" -> catalog.insertVersion(RegistryDocuments.version(data));
            case "model.version.status-changed" -> statusChanged(event, data);
            case "model.alias.moved" -> aliasMoved(data);
            default -> log.debug("Registry event type {} is not projected", event.type());
        }
    }

    /** Inserts what the registry answered over REST, when an event has not arrived yet. */
    @Transactional
    public void fill(JsonNode model, JsonNode version) {
        if (model != null) {
            catalog.upsertModel(RegistryDocuments.model(model));
        }
        if (version != null) {
            catalog.insertVersion(RegistryDocuments.version(version));
        }
    }

    private void statusChanged(CloudEvent event, JsonNode data) {
        String model = RegistryDocuments.required(data, "model");
        int version = number(data, "version", event);
        Instant at = event.time();
        if (!catalog.changeStatus(model, version, RegistryDocuments.required(data, "to"),
                RegistryDocuments.text(data, "artifactSha256"), at)) {
            log.warn("Registry event {} changes the status of {} version {}, which the catalog does not know yet",
                    event.id(), model, version);
        }
    }

    private void aliasMoved(JsonNode data) {
        if (!"champion".equals(RegistryDocuments.text(data, "alias"))) {
            return;
        }
        JsonNode to = data.get("to");
        catalog.setChampion(RegistryDocuments.required(data, "model"),
                to == null || to.isNull() ? null : to.asInt());
    }

    private static int number(JsonNode data, String field, CloudEvent event) {
        JsonNode value = data.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asInt() < 1) {
            throw new MalformedEventException(event.type() + " event " + event.id() + " needs a positive data." + field);
        }
        return value.asInt();
    }
}
