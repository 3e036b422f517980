package org.steward.commons.audit;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;

/**
 * The one call every service makes for a state change: it records an audit event in the current transaction,
 * to be published to {@value Topics#AUDIT} and appended to the governance hash chain. The actor is the
 * authenticated identity, never a value taken from a request body.
 */
public class AuditLog {

    private final Outbox outbox;
    private final JsonMapper json;
    private final String source;
    private final Clock clock;

    public AuditLog(Outbox outbox, JsonMapper json, String source, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.source = source;
        this.clock = clock;
    }

    /** Records a change made by the authenticated caller (or by this service itself when there is none). */
    public CloudEvent record(String action, String subject, Object before, Object after, String reason) {
        return record(new AuditRecord(currentActor(), action, subject, toJson(before), toJson(after), reason));
    }

    public CloudEvent record(AuditRecord record) {
        ObjectNode data = json.createObjectNode();
        data.put("actor", record.actor());
        data.put("action", record.action());
        data.put("subject", record.subject());
        data.set("before", record.before());
        data.set("after", record.after());
        data.put("reason", record.reason());
        CloudEvent event = CloudEvent.of(source, record.action(), record.subject(), clock.instant(), data);
        outbox.append(Topics.AUDIT, event);
        return event;
    }

    /** The subject of the caller's token, or {@code system:<service>} for work the service does on its own. */
    public String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null) {
            return "system:" + source.replaceFirst("^/", "");
        }
        return authentication.getName();
    }

    private JsonNode toJson(Object value) {
        return value == null ? null : value instanceof JsonNode node ? node : json.valueToTree(value);
    }
}
