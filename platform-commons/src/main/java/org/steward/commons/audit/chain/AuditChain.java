package org.steward.commons.audit.chain;

import org.steward.commons.json.CanonicalJson;
import org.steward.commons.json.Sha256;

import tools.jackson.databind.JsonNode;

/**
 * The hash-chain rule of the regulator-facing audit trail: each entry's hash commits to the event and to
 * every entry before it, so editing, deleting, inserting or reordering any event changes every later hash.
 */
public final class AuditChain {

    /** The "previous hash" of entry 1: 64 '0' hex characters, i.e. 32 zero bytes. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * The hash of the entry that follows {@code prevHashHex} and holds {@code event}:
     * <pre>
     * hash = lowercase_hex( SHA-256( raw(prevHash) || JCS(event) ) )
     * </pre>
     * where {@code raw(prevHash)} is the 32 bytes that the previous entry's 64-character hex hash decodes to
     * (32 zero bytes for the first entry, see {@link #GENESIS_HASH}), {@code JCS(event)} is the RFC 8785
     * canonical UTF-8 encoding of the event, and {@code ||} is byte concatenation with no separator.
     *
     * @throws IllegalArgumentException if {@code prevHashHex} is not 64 hex characters, or the event cannot be
     *                                  canonicalised (NaN, lone surrogates, ...)
     */
    public static String nextHash(String prevHashHex, JsonNode event) {
        return nextHash(prevHashHex, CanonicalJson.canonicalBytes(event));
    }

    /** The same rule over bytes that are already the RFC 8785 encoding of the event. */
    public static String nextHash(String prevHashHex, byte[] canonicalEvent) {
        if (prevHashHex == null || prevHashHex.length() != 64) {
            throw new IllegalArgumentException("previous hash must be 64 hex characters, got "
                    + (prevHashHex == null ? "null" : prevHashHex.length() + " characters"));
        }
        return Sha256.hex(Sha256.fromHex(prevHashHex), canonicalEvent);
    }

    /** Whether {@code s} has the form of a chain hash: 64 lower-case hex characters. */
    static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The first 12 characters of a hash, enough to tell hashes apart in a human message. */
    static String abbreviate(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }
}
