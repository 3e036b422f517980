package org.steward.commons.audit.chain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.steward.commons.audit.chain.ChainVerification.Broken;
import org.steward.commons.audit.chain.ChainVerification.Intact;
import org.steward.commons.audit.chain.ChainVerification.Problem;
import org.steward.commons.json.CanonicalJson;

import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** An export written by Steward and checked the way an auditor would, with only the trusted public key. */
class AuditExportTest {

    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final List<ChainEntry> CHAIN = ChainFixtures.chain(1_000);
    private static final Instant EXPORTED_AT = Instant.parse("2025-03-05T08:00:00Z");
    private static final CheckpointSigner SIGNER = new CheckpointSigner(KEYS.getPrivate());
    private static final List<Checkpoint> CHECKPOINTS = List.of(
            SIGNER.sign(400, CHAIN.get(399).hash(), Instant.parse("2025-03-02T00:00:00Z")),
            SIGNER.sign(900, CHAIN.get(899).hash(), Instant.parse("2025-03-03T00:00:00Z")));

    @Test
    void roundTripsThroughWriteAndVerify() {
        ExportVerification result = verify(export(CHAIN, CHECKPOINTS, KEYS));

        assertThat(result.chain()).isEqualTo(new Intact(1_000, 1_000, CHAIN.getLast().hash()));
        assertThat(result.checkpointsVerified()).isEqualTo(2);
        assertThat(result.latestCheckpoint()).isEqualTo(CHECKPOINTS.get(1));
    }

    @Test
    void writesCheckpointsBeforeEventsAndEventsInCanonicalForm() {
        String json = export(CHAIN.subList(0, 2), CHECKPOINTS.subList(0, 1), KEYS);

        assertThat(json).startsWith("{\"format\":\"steward-audit-export/1\",\"exportedAt\":\"2025-03-05T08:00:00Z\","
                + "\"publicKey\":\"-----BEGIN PUBLIC KEY-----\\n");
        assertThat(json.indexOf("\"checkpoints\":[{\"sequence\":400,")).isPositive()
                .isLessThan(json.indexOf("\"events\":[{\"sequence\":1,\"eventId\":\"evt-000001\","));
        assertThat(json).contains("\"event\":" + CanonicalJson.canonicalize(CHAIN.get(1).event()) + "}]}");
    }

    @Test
    void anEmptyChainWithoutCheckpointsIsIntact() {
        ExportVerification result = verify(export(List.of(), List.of(), KEYS));

        assertThat(result.chain()).isEqualTo(new Intact(0, 0, AuditChain.GENESIS_HASH));
        assertThat(result.latestCheckpoint()).isNull();
    }

    @Test
    void anEditedEventInTheFileIsFound() {
        String json = export(CHAIN, CHECKPOINTS, KEYS);
        String tampered = json.replace("\"reason\":\"change #700 — reviewed\"", "\"reason\":\"change #700 — waived\"");
        assertThat(tampered).isNotEqualTo(json);

        ExportVerification result = verify(tampered);

        assertBroken(result.chain(), Problem.CONTENT_ALTERED, 700,
                "event 700 (id evt-000700) does not match its recorded hash");
        assertThat(result.checkpointsVerified()).isEqualTo(2);
    }

    @Test
    void aCutTailIsFoundAgainstTheSignedCheckpoint() {
        ExportVerification result = verify(export(CHAIN.subList(0, 850), CHECKPOINTS, KEYS));

        assertBroken(result.chain(), Problem.TRUNCATED, 851, "the chain ends at event 850",
                "was signed at event 900");
    }

    @Test
    void aRewrittenChainWithRecomputedHashesFailsAtTheCheckpoint() {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            events.add(ChainFixtures.event(i));
        }
        events.get(99).put("type", "approval.granted-retroactively");

        ExportVerification result = verify(export(ChainFixtures.link(events), CHECKPOINTS, KEYS));

        assertBroken(result.chain(), Problem.CHECKPOINT_MISMATCH, 400, "event 400 (id evt-000400) hashes to");
    }

    @Test
    void anAlteredSignatureIsReported() {
        String json = export(CHAIN, CHECKPOINTS, KEYS);
        String signature = CHECKPOINTS.get(1).signature();
        String flipped = (signature.charAt(10) == 'A' ? "B" : "A");
        String tampered = json.replace(signature, signature.substring(0, 10) + flipped + signature.substring(11));

        ExportVerification result = verify(tampered);

        assertBroken(result.chain(), Problem.BAD_SIGNATURE, 900, "checkpoint 2 (event 900, signed at "
                + "2025-03-03T00:00:00Z) has a signature that does not verify with the trusted key");
        assertThat(result.checkpointsVerified()).isEqualTo(1);
        assertThat(result.latestCheckpoint()).isEqualTo(CHECKPOINTS.get(0));
    }

    @Test
    void anExportFromAnotherKeyIsRejectedEvenThoughItIsConsistent() {
        KeyPair forger = Ed25519Keys.generate();
        CheckpointSigner forgerSigner = new CheckpointSigner(forger.getPrivate());
        List<Checkpoint> forged = List.of(forgerSigner.sign(1_000, CHAIN.getLast().hash(), EXPORTED_AT));

        ExportVerification result = verify(export(CHAIN, forged, forger));

        assertBroken(result.chain(), Problem.BAD_SIGNATURE, 0, "the export names public key "
                + Ed25519Keys.keyId(forger.getPublic()) + " but the trusted key is "
                + Ed25519Keys.keyId(KEYS.getPublic()));
        String withTrustedKeyEmbedded = export(CHAIN, forged, KEYS);
        assertBroken(verify(withTrustedKeyEmbedded).chain(), Problem.BAD_SIGNATURE, 1_000,
                "checkpoint 1 (event 1000, signed at 2025-03-05T08:00:00Z) names key "
                        + Ed25519Keys.keyId(forger.getPublic()) + ", not the trusted key");
    }

    @Test
    void aWrongFormatIsReported() {
        String json = export(CHAIN.subList(0, 3), List.of(), KEYS).replace("steward-audit-export/1", "other/2");

        assertBroken(verify(json).chain(), Problem.MALFORMED, 0,
                "the export's format is \"other/2\", not \"steward-audit-export/1\"");
    }

    @Test
    void malformedFilesSayWhatIsWrong() {
        String good = export(CHAIN.subList(0, 3), CHECKPOINTS.subList(0, 1), KEYS);
        String pem = Ed25519Keys.toPem(KEYS.getPublic()).replace("\n", "\\n");

        assertMalformed("not json at all", 0, "the export is not valid JSON");
        assertMalformed("[]", 0, "the export is not a JSON object");
        assertMalformed("{\"events\":[]}", 0, "the export does not start with its \"format\" tag");
        assertMalformed(good.substring(0, good.length() - 40), 3, "the export is not valid JSON in event entry 3");
        assertMalformed(good.replace("\"eventId\":\"evt-000002\",", ""), 2, "event entry 2 has no string \"eventId\"");
        assertMalformed(good.replace("\"sequence\":2,", "\"sequence\":\"2\","), 2,
                "event entry 2 has no integer \"sequence\"");
        assertMalformed(good.replace("\"eventId\":\"evt-000002\",", "\"eventId\":\"evt-000002\",\"extra\":1,"), 2,
                "event entry 2 has an unknown property \"extra\"");
        assertMalformed(good.replace("\"time\":\"2025-03-02T00:00:00Z\"", "\"time\":\"yesterday\""), 0,
                "checkpoint 1's \"time\" is not an ISO-8601 instant: \"yesterday\"");
        assertMalformed(good.replace("\"hash\":", "\"hash\":1,\"hash\":"), 1, "Duplicate");
        assertMalformed(good + " {}", 0, "the export has content after its closing brace");
        assertMalformed("{\"format\":\"steward-audit-export/1\",\"exportedAt\":\"2025-03-05T08:00:00Z\","
                + "\"publicKey\":\"" + pem + "\",\"events\":[],\"checkpoints\":[]}", 0,
                "\"events\" comes before \"checkpoints\", which must come first");
        assertMalformed("{\"format\":\"steward-audit-export/1\",\"exportedAt\":\"2025-03-05T08:00:00Z\","
                + "\"publicKey\":\"" + pem + "\",\"checkpoints\":[]}", 0, "the export lacks \"events\"");
        assertMalformed("{\"format\":\"steward-audit-export/1\",\"publicKey\":\"nope\"}", 0,
                "the export's \"publicKey\" is unreadable: expected a PEM \"PUBLIC KEY\" block");
    }

    @Test
    void stopsReadingAtTheFirstBreak() {
        String json = export(CHAIN.subList(0, 10), List.of(), KEYS);
        String tampered = json.replace("\"sequence\":5,", "\"sequence\":6,")
                .replace("\"eventId\":\"evt-000009\",", "\"eventId\":\"evt-000009\",\"unknown\":true,");

        assertBroken(verify(tampered).chain(), Problem.SEQUENCE_GAP, 6, "event 5 is missing");
    }

    private void assertMalformed(String json, long sequence, String says) {
        assertBroken(verify(json).chain(), Problem.MALFORMED, sequence, says);
    }

    private static String export(List<ChainEntry> entries, List<Checkpoint> checkpoints, KeyPair keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditExport.write(out, entries.iterator(), checkpoints, Ed25519Keys.toPem(keys.getPublic()), EXPORTED_AT);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ExportVerification verify(String json) {
        return AuditExportVerifier.verify(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                KEYS.getPublic());
    }

    private static void assertBroken(ChainVerification result, Problem problem, long sequence, String... says) {
        assertThat(result).isInstanceOf(Broken.class);
        Broken broken = (Broken) result;
        assertThat(broken.problem()).as(broken.message()).isEqualTo(problem);
        assertThat(broken.sequence()).as(broken.message()).isEqualTo(sequence);
        assertThat(broken.message()).contains(says);
    }
}
