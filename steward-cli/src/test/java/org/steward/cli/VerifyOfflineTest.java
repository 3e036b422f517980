package org.steward.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.steward.commons.audit.chain.AuditChain;
import org.steward.commons.audit.chain.AuditExport;
import org.steward.commons.audit.chain.ChainEntry;
import org.steward.commons.audit.chain.CheckpointSigner;
import org.steward.commons.audit.chain.Ed25519Keys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code steward audit verify-offline} on exports written by the platform's own {@link AuditExport}. */
class VerifyOfflineTest extends CliTestSupport {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2025-01-31T09:00:00Z");

    @TempDir
    Path dir;

    private final KeyPair keys = Ed25519Keys.generate();
    private final List<ChainEntry> chain = new ArrayList<>();
    private Path export;
    private Path publicKey;

    @BeforeEach
    void aChainOfFiveWithACheckpointAtFour() throws IOException {
        String prevHash = AuditChain.GENESIS_HASH;
        for (int sequence = 1; sequence <= 5; sequence++) {
            JsonNode event = MAPPER.createObjectNode().put("actor", "dana").put("action", "SUBMIT")
                    .put("subject", "credit-score/" + sequence).put("time", T0.plusSeconds(sequence).toString());
            String hash = AuditChain.nextHash(prevHash, event);
            chain.add(new ChainEntry(sequence, "e-" + sequence, event, prevHash, hash));
            prevHash = hash;
        }
        export = dir.resolve("audit-export.json");
        publicKey = Files.writeString(dir.resolve("steward.pem"), Ed25519Keys.toPem(keys.getPublic()));
        write(chain);
    }

    @Test
    void anIntactExportIsExitZero() {
        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", publicKey.toString())).isZero();

        assertThat(stdout().lines()).containsExactly(
                "audit chain intact: 5 events, head #5 " + chain.getLast().hash(),
                "signed checkpoints verified: 1",
                "latest signed checkpoint: #4 at 2025-01-31T10:00:00Z");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void anIntactExportAsJsonHasTheOnlineVerifyShape() {
        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", publicKey.toString(), "--json"))
                .isZero();

        JsonNode result = MAPPER.readTree(stdout());
        assertThat(result.propertyNames()).containsExactly(
                "intact", "count", "headSequence", "headHash", "checkpointsVerified", "latestCheckpoint");
        assertThat(result.path("intact").asBoolean()).isTrue();
        assertThat(result.path("count").asLong()).isEqualTo(5);
        assertThat(result.path("headHash").asString()).isEqualTo(chain.getLast().hash());
        assertThat(result.path("latestCheckpoint").propertyNames())
                .containsExactly("sequence", "headHash", "time", "keyId", "signature");
        assertThat(result.path("latestCheckpoint").path("keyId").asString())
                .isEqualTo(Ed25519Keys.keyId(keys.getPublic()));
    }

    @Test
    void aTamperedEventIsExitOneWithTheBreakLocated() throws IOException {
        ChainEntry third = chain.get(2);
        JsonNode edited = MAPPER.createObjectNode().setAll((tools.jackson.databind.node.ObjectNode) third.event())
                .put("actor", "mallory");
        chain.set(2, new ChainEntry(3, third.eventId(), edited, third.prevHash(), third.hash()));
        write(chain);

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", publicKey.toString())).isEqualTo(1);

        assertThat(stdout()).startsWith("audit chain BROKEN at sequence 3 (event e-3): CONTENT_ALTERED — ");

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", publicKey.toString(), "--json"))
                .isEqualTo(1);
        JsonNode result = MAPPER.readTree(stdout());
        assertThat(result.path("intact").asBoolean()).isFalse();
        assertThat(result.path("broken").path("sequence").asLong()).isEqualTo(3);
        assertThat(result.path("broken").path("eventId").asString()).isEqualTo("e-3");
        assertThat(result.path("broken").path("problem").asString()).isEqualTo("CONTENT_ALTERED");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void anExportSignedByAnotherKeyIsBroken() throws IOException {
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Ed25519Keys.toPem(Ed25519Keys.generate().getPublic()));

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", otherKey.toString())).isEqualTo(1);

        assertThat(stdout()).startsWith("audit chain BROKEN: BAD_SIGNATURE — ");
    }

    @Test
    void aFileThatIsNotAnExportIsBrokenAsMalformed() throws IOException {
        Files.writeString(export, "<html>not an export</html>");

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", publicKey.toString())).isEqualTo(1);

        assertThat(stdout()).startsWith("audit chain BROKEN: MALFORMED — ");
    }

    @Test
    void anUnreadableKeyFileIsOneLineAndExitTwo() {
        Path missing = dir.resolve("missing.pem");

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", missing.toString())).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: cannot read the public key " + missing
                + " (no such file or directory) — pass the file written by 'steward audit public-key --out FILE'");
    }

    @Test
    void aKeyFileThatIsNotAPemKeyIsOneLineAndExitTwo() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");

        assertThat(run("audit", "verify-offline", export.toString(), "--public-key", garbage.toString())).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: " + garbage + " is not an Ed25519 public key in PEM form"
                + " — pass the file written by 'steward audit public-key --out FILE'");
    }

    @Test
    void aMissingExportIsOneLineAndExitTwo() {
        Path missing = dir.resolve("missing.json");

        assertThat(run("audit", "verify-offline", missing.toString(), "--public-key", publicKey.toString())).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: cannot read " + missing
                + " (no such file or directory) — pass the file written by 'steward audit export --out FILE'");
    }

    @Test
    void anExportThatIsADirectoryIsOneLineAndExitTwo() {
        assertThat(run("audit", "verify-offline", dir.toString(), "--public-key", publicKey.toString())).isEqualTo(2);

        assertThat(oneErrorLine()).startsWith("steward: cannot read " + dir);
    }

    private void write(List<ChainEntry> entries) throws IOException {
        CheckpointSigner signer = new CheckpointSigner(keys.getPrivate());
        try (OutputStream out = Files.newOutputStream(export)) {
            AuditExport.write(out, entries.iterator(),
                    List.of(signer.sign(4, chain.get(3).hash(), Instant.parse("2025-01-31T10:00:00Z"))),
                    Ed25519Keys.toPem(keys.getPublic()), T0.plusSeconds(3600));
        }
    }
}
