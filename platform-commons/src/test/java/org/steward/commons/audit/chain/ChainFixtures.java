package org.steward.commons.audit.chain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Deterministic audit-like events and the chains built from them, for the chain tests. */
final class ChainFixtures {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TYPES = {"model.version.registered", "approval.granted", "rollout.step.completed",
            "alert.raised", "feature.view.created"};
    private static final String[] ACTORS = {"alice", "bob", "Zoë Ågren", "deployment-service"};

    private ChainFixtures() {
    }

    static ObjectNode event(int i) {
        ObjectNode event = NODES.objectNode()
                .put("id", "evt-%06d".formatted(i))
                .put("type", TYPES[i % TYPES.length])
                .put("subject", "credit-risk/" + (i % 7))
                .put("time", Instant.ofEpochSecond(1_740_000_000L + 60L * i).toString());
        ObjectNode data = event.putObject("data")
                .put("actor", ACTORS[i % ACTORS.length])
                .put("action", "action-" + (i % 11))
                .put("reason", "change #" + i + " — reviewed");
        data.putObject("before").put("status", "submitted").put("score", i / 1000.0);
        data.putObject("after").put("status", "validated").put("score", (i + 1) / 1000.0).putNull("exception");
        return event;
    }

    static List<ChainEntry> chain(int size) {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            events.add(event(i));
        }
        return link(events);
    }

    /** Appends events to a fresh chain exactly as the governance service does. */
    static List<ChainEntry> link(List<? extends JsonNode> events) {
        List<ChainEntry> entries = new ArrayList<>(events.size());
        String prev = AuditChain.GENESIS_HASH;
        for (JsonNode event : events) {
            String hash = AuditChain.nextHash(prev, event);
            entries.add(new ChainEntry(entries.size() + 1, event.get("id").stringValue(), event, prev, hash));
            prev = hash;
        }
        return entries;
    }

    static ChainVerification verify(List<ChainEntry> entries, List<Checkpoint> checkpoints) {
        ChainVerifier verifier = new ChainVerifier(checkpoints);
        entries.forEach(verifier::accept);
        return verifier.result();
    }

    static ChainEntry withSequence(ChainEntry e, long sequence) {
        return new ChainEntry(sequence, e.eventId(), e.event(), e.prevHash(), e.hash());
    }

    /** Keeps the stored hashes but gives every entry its position as sequence, as a careful forger would. */
    static List<ChainEntry> renumbered(List<ChainEntry> entries) {
        List<ChainEntry> result = new ArrayList<>(entries.size());
        for (ChainEntry entry : entries) {
            result.add(withSequence(entry, result.size() + 1));
        }
        return result;
    }
}
