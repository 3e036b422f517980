package org.steward.governance.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.audit.chain.AuditChain;
import org.steward.commons.audit.chain.ChainVerification;
import org.steward.commons.audit.chain.ChainVerifier;
import org.steward.commons.audit.chain.Checkpoint;
import org.steward.commons.audit.chain.CheckpointSigner;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.json.CanonicalJson;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The governance side of the regulatory trail: appends audit events to the hash chain exactly once, verifies the
 * chain, and signs checkpoints of its head.
 */
@Service
public class AuditTrail {

    /** An audit event as it arrived, already checked to be a well-formed audit CloudEvent. */
    public record Incoming(JsonNode envelope, String eventId, CloudEvent event, String actor, String action) {

        /** Checks the envelope and the audit fields; throws {@link MalformedEventException} when they are missing. */
        public static Incoming of(JsonNode envelope) {
            CloudEvent event = CloudEvent.fromJson(envelope);
            String actor = event.data().path("actor").asString(null);
            String action = event.data().path("action").asString(null);
            if (actor == null || actor.isBlank() || action == null || action.isBlank()) {
                throw new MalformedEventException("audit event " + event.id() + " has no actor or action in its data");
            }
            return new Incoming(envelope, event.id(), event, actor, action);
        }
    }

    private final AuditChainStore store;
    private final CheckpointKeys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final Counter appended;
    private final Counter duplicates;

    AuditTrail(AuditChainStore store, CheckpointKeys keys, AuditLog audit, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.appended = Counter.builder("steward.audit.appended").description("Audit events appended to the chain").register(meters);
        this.duplicates = Counter.builder("steward.audit.duplicates").description("Redelivered audit events ignored").register(meters);
    }

    /**
     * Appends the events that are not in the chain yet, in the given order, in one transaction. A redelivered
     * event (same id) is skipped, so delivery at least once becomes exactly once in the chain.
     *
     * @return how many were appended
     */
    @Transactional
    public int append(List<Incoming> events) {
        if (events.isEmpty()) {
            return 0;
        }
        store.lockForAppend();
        Map<String, Incoming> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        Set<String> existing = store.existing(unique.keySet());
        AuditChainStore.Head head = store.head();
        List<AuditChainStore.Link> links = new ArrayList<>(unique.size());
        for (Incoming e : unique.values()) {
            if (existing.contains(e.eventId())) {
                continue;
            }
            String canonical = CanonicalJson.canonicalize(e.envelope());
            String hash = AuditChain.nextHash(head.hash(), canonical.getBytes(StandardCharsets.UTF_8));
            long sequence = head.sequence() + 1;
            links.add(new AuditChainStore.Link(sequence, e.eventId(), e.event().time(), e.event().source(),
                    e.event().subject(), e.actor(), e.action(), canonical, head.hash(), hash));
            head = new AuditChainStore.Head(sequence, hash);
        }
        store.append(links);
        appended.increment(links.size());
        duplicates.increment(events.size() - links.size());
        return links.size();
    }

    /** Recomputes every link from the stored events and checks the signed checkpoints against them. */
    @Transactional(readOnly = true)
    public Verification verify() {
        List<Checkpoint> checkpoints = store.checkpoints();
        for (Checkpoint c : checkpoints) {
            if (!CheckpointSigner.verify(c, keys.publicKey())) {
                return new Verification(new ChainVerification.Broken(0, c.sequence(), null,
                        ChainVerification.Problem.BAD_SIGNATURE,
                        "checkpoint at sequence " + c.sequence() + " is not signed by the current checkpoint key "
                                + keys.keyId()), latest(checkpoints));
            }
        }
        ChainVerifier verifier = new ChainVerifier(checkpoints);
        store.forEach(link -> verifier.acceptCanonical(link.sequence(), link.eventId(), link.event(), link.prevHash(),
                link.hash()));
        return new Verification(verifier.result(), latest(checkpoints));
    }

    /** The chain's verdict and the newest checkpoint it was held against. */
    public record Verification(ChainVerification chain, Checkpoint latestCheckpoint) {
    }

    /** Signs the current head; signing the same head twice returns the existing checkpoint. */
    @Transactional
    public Checkpoint checkpoint() {
        store.lockForAppend();
        AuditChainStore.Head head = store.head();
        if (head.sequence() == 0) {
            throw StewardException.conflict("Empty audit chain", "the audit chain holds no event yet; there is nothing to checkpoint");
        }
        Checkpoint signed = new CheckpointSigner(keys.privateKey())
                .sign(head.sequence(), head.hash(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Checkpoint stored = store.insertCheckpoint(signed, audit.currentActor());
        if (stored.equals(signed)) {
            audit.record("audit.checkpoint.signed", "audit/checkpoint/" + signed.sequence(), null, signed, null);
        }
        return stored;
    }

    @Transactional(readOnly = true)
    public List<Checkpoint> checkpoints() {
        return store.checkpoints();
    }

    public CheckpointKeys keys() {
        return keys;
    }

    private static Checkpoint latest(List<Checkpoint> checkpoints) {
        return checkpoints.isEmpty() ? null : checkpoints.getLast();
    }
}
