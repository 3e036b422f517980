package org.steward.commons.audit.chain;

import java.io.InputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.steward.commons.audit.chain.ChainVerification.Broken;
import org.steward.commons.audit.chain.ChainVerification.Problem;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;

/**
 * Checks an {@link AuditExport} in one streaming pass, as an auditor would: the format tag, every checkpoint's
 * signature against the key the auditor already trusts (the key embedded in the file is never used to
 * verify, only compared), then every event through a {@link ChainVerifier} holding those checkpoints.
 * Problems with the file itself are reported as {@link Problem#MALFORMED}, never thrown; only I/O errors are.
 */
public final class AuditExportVerifier {

    private static final Set<String> CHECKPOINT_FIELDS = Set.of("sequence", "headHash", "time", "keyId", "signature");
    private static final Set<String> ENTRY_FIELDS = Set.of("sequence", "eventId", "prevHash", "hash", "event");

    private AuditExportVerifier() {
    }

    public static ExportVerification verify(InputStream export, PublicKey trustedKey) {
        Reading reading = new Reading(trustedKey);
        try (JsonParser parser = AuditExport.JSON.createParser(export)) {
            reading.read(parser);
        } catch (MalformedExport e) {
            reading.fail(Problem.MALFORMED, reading.position(), e.getMessage());
        } catch (JacksonIOException e) {
            throw e;
        } catch (JacksonException e) {
            String where = reading.position() > 0 ? " in event entry " + reading.position() : "";
            reading.fail(Problem.MALFORMED, reading.position(), "the export is not valid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + location(e));
        }
        return reading.result();
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** The state of one pass over one export. */
    private static final class Reading {

        private final PublicKey trustedKey;
        private final String trustedKeyId;
        private final List<Checkpoint> checkpoints = new ArrayList<>();
        private Checkpoint latest;
        private ChainVerifier chain;
        private long entriesRead;
        private boolean sawExportedAt;
        private boolean sawPublicKey;
        private boolean sawCheckpoints;
        private boolean inEvents;
        private Broken failure;

        Reading(PublicKey trustedKey) {
            this.trustedKey = trustedKey;
            this.trustedKeyId = Ed25519Keys.keyId(trustedKey);
        }

        void read(JsonParser parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedExport("the export is not a JSON object");
            }
            if (!"format".equals(parser.nextName())) {
                throw new MalformedExport("the export does not start with its \"format\" tag");
            }
            String format = nextString(parser, "format");
            if (!AuditExport.FORMAT.equals(format)) {
                throw new MalformedExport("the export's format is \"" + format + "\", not \"" + AuditExport.FORMAT
                        + "\"");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                switch (name) {
                    case "exportedAt" -> {
                        instant(nextString(parser, name), "\"exportedAt\"");
                        sawExportedAt = true;
                    }
                    case "publicKey" -> {
                        checkEmbeddedKey(nextString(parser, name));
                        sawPublicKey = true;
                    }
                    case "checkpoints" -> readCheckpoints(parser);
                    case "events" -> readEvents(parser);
                    default -> throw new MalformedExport("the export has an unknown property \"" + name + "\"");
                }
                if (failure != null || chain != null && chain.broken()) {
                    return; // the first problem is the answer; the rest of the file does not matter
                }
            }
            if (!sawExportedAt || !sawPublicKey || chain == null) {
                throw new MalformedExport("the export lacks \"" + (!sawExportedAt ? "exportedAt"
                        : !sawPublicKey ? "publicKey" : "events") + "\"");
            }
            if (parser.nextToken() != null) {
                throw new MalformedExport("the export has content after its closing brace");
            }
        }

        private void checkEmbeddedKey(String pem) {
            PublicKey embedded;
            try {
                embedded = Ed25519Keys.readPublicKeyPem(pem);
            } catch (IllegalArgumentException e) {
                throw new MalformedExport("the export's \"publicKey\" is unreadable: " + e.getMessage());
            }
            String embeddedId = Ed25519Keys.keyId(embedded);
            if (!embeddedId.equals(trustedKeyId)) {
                fail(Problem.BAD_SIGNATURE, 0, "the export names public key " + embeddedId
                        + " but the trusted key is " + trustedKeyId + ": it does not come from the trusted signer");
            }
        }

        private void readCheckpoints(JsonParser parser) {
            requireArray(parser, "checkpoints");
            sawCheckpoints = true;
            for (int index = 1; nextElement(parser, "checkpoint " + index); index++) {
                Checkpoint checkpoint = toCheckpoint(AuditExport.JSON.readTree(parser), "checkpoint " + index);
                String which = "checkpoint " + index + " (event " + checkpoint.sequence() + ", signed at "
                        + checkpoint.time() + ")";
                if (!checkpoint.keyId().equals(trustedKeyId)) {
                    fail(Problem.BAD_SIGNATURE, checkpoint.sequence(), which + " names key " + checkpoint.keyId()
                            + ", not the trusted key " + trustedKeyId);
                    return;
                }
                if (!CheckpointSigner.verify(checkpoint, trustedKey)) {
                    fail(Problem.BAD_SIGNATURE, checkpoint.sequence(), which + " has a signature that does not "
                            + "verify with the trusted key " + trustedKeyId + ": it was forged or altered");
                    return;
                }
                checkpoints.add(checkpoint);
                if (latest == null || checkpoint.sequence() > latest.sequence()) {
                    latest = checkpoint;
                }
            }
        }

        private void readEvents(JsonParser parser) {
            if (!sawCheckpoints) {
                throw new MalformedExport("\"events\" comes before \"checkpoints\", which must come first");
            }
            chain = new ChainVerifier(checkpoints);
            requireArray(parser, "events");
            inEvents = true;
            while (nextElement(parser, "event entry " + (entriesRead + 1))) {
                ChainEntry entry = toEntry(AuditExport.JSON.readTree(parser), "event entry " + (entriesRead + 1));
                entriesRead++;
                chain.accept(entry);
                if (chain.broken()) {
                    return;
                }
            }
            inEvents = false;
        }

        ExportVerification result() {
            return new ExportVerification(failure != null ? failure : chain.result(), checkpoints.size(), latest);
        }

        /** The position of the event entry being read, or 0 outside the events. */
        long position() {
            return inEvents ? entriesRead + 1 : 0;
        }

        void fail(Problem problem, long sequence, String message) {
            failure = new Broken(entriesRead, sequence, null, problem, message);
        }

        private ChainEntry toEntry(JsonNode node, String where) {
            requireOnly(node, ENTRY_FIELDS, where);
            JsonNode event = node.get("event");
            if (event == null) {
                throw new MalformedExport(where + " has no \"event\"");
            }
            return new ChainEntry(integer(node, "sequence", where), string(node, "eventId", where), event,
                    string(node, "prevHash", where), string(node, "hash", where));
        }

        private static Checkpoint toCheckpoint(JsonNode node, String where) {
            requireOnly(node, CHECKPOINT_FIELDS, where);
            try {
                return new Checkpoint(integer(node, "sequence", where), string(node, "headHash", where),
                        instant(string(node, "time", where), where + "'s \"time\""), string(node, "keyId", where),
                        string(node, "signature", where));
            } catch (IllegalArgumentException e) {
                throw new MalformedExport(where + " is invalid: " + e.getMessage());
            }
        }
    }

    private static void requireArray(JsonParser parser, String name) {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new MalformedExport("\"" + name + "\" is not an array");
        }
    }

    /** Advances to the next element of an array of objects; false at the end of the array. */
    private static boolean nextElement(JsonParser parser, String what) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            return false;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new MalformedExport(what + " is not a JSON object");
        }
        return true;
    }

    private static String nextString(JsonParser parser, String name) {
        if (parser.nextToken() != JsonToken.VALUE_STRING) {
            throw new MalformedExport("\"" + name + "\" is not a string");
        }
        return parser.getString();
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String where) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new MalformedExport(where + " has an unknown property \"" + name + "\"");
            }
        }
    }

    private static String string(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedExport(where + " has no string \"" + field + "\"");
        }
        return value.stringValue();
    }

    private static long integer(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedExport(where + " has no integer \"" + field + "\"");
        }
        return value.longValue();
    }

    private static Instant instant(String text, String what) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedExport(what + " is not an ISO-8601 instant: \"" + text + "\"");
        }
    }

    /** A problem with the file's shape; caught in {@link #verify} and reported as {@link Problem#MALFORMED}. */
    @SuppressWarnings("serial")
    private static final class MalformedExport extends RuntimeException {

        MalformedExport(String message) {
            super(message, null, false, false);
        }
    }
}
