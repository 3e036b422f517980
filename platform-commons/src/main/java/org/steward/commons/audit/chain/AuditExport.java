package org.steward.commons.audit.chain;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import org.steward.commons.json.CanonicalJson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the file an auditor receives to check the audit trail with nothing but Steward's public key:
 * <pre>
 * {"format":"steward-audit-export/1","exportedAt":"…","publicKey":"-----BEGIN PUBLIC KEY-----…",
 *  "checkpoints":[{"sequence":…,"headHash":"…","time":"…","keyId":"…","signature":"…"},…],
 *  "events":[{"sequence":1,"eventId":"…","prevHash":"…","hash":"…","event":{…}},…]}
 * </pre>
 * Checkpoints come before events so that {@link AuditExportVerifier} checks everything in one streaming pass.
 * Each event is written in its RFC 8785 canonical form, i.e. exactly the bytes that were hashed. Written
 * entry by entry, so an export of any size needs constant memory.
 */
public final class AuditExport {

    public static final String FORMAT = "steward-audit-export/1";

    /**
     * Shared by writer and verifier: strict on duplicates, never closes the caller's stream, and lets the
     * verifier read one entry at a time as a tree from the middle of the file.
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private AuditExport() {
    }

    /**
     * Streams an export to {@code out}, which is flushed but left open.
     *
     * @param entries      the chain from sequence 1, in order
     * @param checkpoints  signed checkpoints of this chain
     * @param publicKeyPem the PEM of the checkpoint key, for the auditor's information only: a verifier uses
     *                     the key it already trusts
     */
    public static void write(OutputStream out, Iterator<ChainEntry> entries, List<Checkpoint> checkpoints,
            String publicKeyPem, Instant exportedAt) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("format", FORMAT);
            json.writeStringProperty("exportedAt", exportedAt.toString());
            json.writeStringProperty("publicKey", publicKeyPem);
            json.writeArrayPropertyStart("checkpoints");
            for (Checkpoint checkpoint : checkpoints) {
                json.writeStartObject();
                json.writeNumberProperty("sequence", checkpoint.sequence());
                json.writeStringProperty("headHash", checkpoint.headHash());
                json.writeStringProperty("time", checkpoint.time().toString());
                json.writeStringProperty("keyId", checkpoint.keyId());
                json.writeStringProperty("signature", checkpoint.signature());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayPropertyStart("events");
            while (entries.hasNext()) {
                ChainEntry entry = entries.next();
                json.writeStartObject();
                json.writeNumberProperty("sequence", entry.sequence());
                json.writeStringProperty("eventId", entry.eventId());
                json.writeStringProperty("prevHash", entry.prevHash());
                json.writeStringProperty("hash", entry.hash());
                json.writeName("event");
                json.writeRawValue(CanonicalJson.canonicalize(entry.event()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
