package org.steward.commons.audit.chain;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One link of the audit hash chain as stored: the event and the hashes recorded next to it. The recorded
 * hashes are untrusted input to {@link ChainVerifier}, which recomputes them; nothing here is validated
 * beyond presence, so a tampered row can still be loaded and reported rather than refused.
 *
 * @param sequence position in the chain, starting at 1
 * @param eventId  the audit event's id (CloudEvents {@code id}), which makes redelivery idempotent
 * @param event    the audit event exactly as hashed (canonicalised with RFC 8785 for hashing)
 * @param prevHash the recorded hash of the previous entry ({@link AuditChain#GENESIS_HASH} for the first)
 * @param hash     the recorded {@link AuditChain#nextHash(String, JsonNode)} of this entry
 */
public record ChainEntry(long sequence, String eventId, JsonNode event, String prevHash, String hash) {

    public ChainEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
