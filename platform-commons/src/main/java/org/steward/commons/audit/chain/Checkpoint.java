package org.steward.commons.audit.chain;

import java.time.Instant;
import java.util.Objects;

import org.steward.commons.json.CanonicalJson;

import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A signed statement "at {@code time} the chain had {@code sequence} entries and its head hash was
 * {@code headHash}". An auditor holding only the public key can then detect any rewrite of, or truncation
 * into, the first {@code sequence} entries.
 *
 * @param sequence  the sequence of the head entry when signed (at least 1)
 * @param headHash  that entry's hash, 64 lower-case hex characters
 * @param time      when the checkpoint was signed
 * @param keyId     {@link Ed25519Keys#keyId} of the signing key
 * @param signature base64 (RFC 4648, with padding) of the Ed25519 signature over {@link #signedBytes()}
 */
public record Checkpoint(long sequence, String headHash, Instant time, String keyId, String signature) {

    public Checkpoint {
        if (sequence < 1) {
            throw new IllegalArgumentException("a checkpoint's sequence must be at least 1, got " + sequence);
        }
        if (!AuditChain.isHash(headHash)) {
            throw new IllegalArgumentException("a checkpoint's head hash must be 64 lower-case hex characters");
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * The bytes the signature covers: the RFC 8785 canonical JSON of
     * {@code {"headHash":…,"keyId":…,"sequence":…,"time":…}}, where time is ISO-8601 in UTC as
     * {@link Instant#toString()} writes it (e.g. {@code 2025-03-01T12:00:00Z}, fractions in groups of 3 digits).
     */
    public byte[] signedBytes() {
        return signedBytes(sequence, headHash, time, keyId);
    }

    static byte[] signedBytes(long sequence, String headHash, Instant time, String keyId) {
        return CanonicalJson.canonicalBytes(JsonNodeFactory.instance.objectNode()
                .put("headHash", headHash)
                .put("keyId", keyId)
                .put("sequence", sequence)
                .put("time", time.toString()));
    }
}
