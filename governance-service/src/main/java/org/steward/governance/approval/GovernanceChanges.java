package org.steward.governance.approval;

import org.springframework.stereotype.Component;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.AuditRecord;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Records each act of the workflow twice, in the act's transaction: as an audit event (who, what, before, after,
 * why) and as a {@value Topics#GOVERNANCE} event of the same type, which the registry applies to the version's
 * lifecycle. Refusals are audited only, since nothing changed.
 */
@Component
class GovernanceChanges {

    /** The audit action of every refused attempt. */
    static final String REFUSED = "approval.refused";

    private final AuditLog audit;
    private final Outbox outbox;
    private final JsonMapper json;

    GovernanceChanges(AuditLog audit, Outbox outbox, JsonMapper json) {
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
    }

    void record(String actor, String type, String subject, Object before, Object after, String reason,
                Map<String, Object> eventData) {
        CloudEvent audited = audit.record(new AuditRecord(actor, type, subject, before == null ? null : json.valueToTree(before),
                after == null ? null : json.valueToTree(after), reason));
        outbox.append(Topics.GOVERNANCE, CloudEvent.of(audited.source(), type, subject, audited.time(), json.valueToTree(eventData)));
    }

    /** An attempt the workflow refused: who tried what, and why it was refused. */
    void refused(String actor, String subject, Map<String, Object> attempt, String reason) {
        audit.record(new AuditRecord(actor, REFUSED, subject, null, json.valueToTree(attempt), reason));
    }
}
