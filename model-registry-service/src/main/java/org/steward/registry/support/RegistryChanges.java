package org.steward.registry.support;

import org.springframework.stereotype.Component;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.AuditRecord;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records one change of the registry twice, in the caller's transaction: as an audit event (who, what, before, after,
 * why) and as a {@value Topics#REGISTRY} event of the same type for the services that follow the registry.
 */
@Component
public class RegistryChanges {

    private final AuditLog audit;
    private final Outbox outbox;
    private final JsonMapper json;

    RegistryChanges(AuditLog audit, Outbox outbox, JsonMapper json) {
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
    }

    /** A change made by the authenticated caller (or by the registry itself when there is none). */
    public void record(String type, String subject, Object before, Object after, String reason, Object eventData) {
        record(audit.currentActor(), type, subject, before, after, reason, eventData);
    }

    /** A change made on behalf of {@code actor}, e.g. the approver named by a governance event. */
    public void record(String actor, String type, String subject, Object before, Object after, String reason,
                       Object eventData) {
        CloudEvent audited = audit.record(new AuditRecord(actor, type, subject, before == null ? null : json.valueToTree(before),
                after == null ? null : json.valueToTree(after), reason));
        outbox.append(Topics.REGISTRY, CloudEvent.of(audited.source(), type, subject, audited.time(), json.valueToTree(eventData)));
    }

    /**
     * Something a regulator must see although nothing changed, e.g. a refused transition or a corrupted artifact: an
     * audit event without a registry event.
     */
    public void auditOnly(String actor, String type, String subject, Object state, String reason) {
        audit.record(new AuditRecord(actor, type, subject, state == null ? null : json.valueToTree(state), null, reason));
    }

    public String currentActor() {
        return audit.currentActor();
    }
}
