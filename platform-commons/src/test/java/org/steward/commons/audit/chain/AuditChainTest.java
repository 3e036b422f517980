package org.steward.commons.audit.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.steward.commons.json.CanonicalJson;
import org.steward.commons.json.Sha256;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The chain rule, checked against the cross-language vectors in {@code vectors/audit-chain.json}. */
class AuditChainTest {

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = AuditChainTest.class.getResourceAsStream("/vectors/audit-chain.json")) {
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void genesisIsThirtyTwoZeroBytes() {
        assertThat(AuditChain.GENESIS_HASH).isEqualTo(VECTORS.get("genesisHash").stringValue());
        assertThat(Sha256.fromHex(AuditChain.GENESIS_HASH)).hasSize(32).containsOnly(0);
    }

    @Test
    void hashesTheRawPreviousHashFollowedByTheCanonicalEvent() throws Exception {
        JsonNode event = ChainFixtures.event(1);
        String prev = Sha256.hex("anything".getBytes(StandardCharsets.UTF_8));
        byte[] canonical = CanonicalJson.canonicalBytes(event);
        byte[] concatenation = ByteBuffer.allocate(32 + canonical.length).put(Sha256.fromHex(prev)).put(canonical)
                .array();

        assertThat(AuditChain.nextHash(prev, event))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(concatenation)));
    }

    @Test
    void reproducesTheVectorChain() {
        List<JsonNode> events = new ArrayList<>();
        String prev = AuditChain.GENESIS_HASH;
        for (JsonNode vector : VECTORS.get("entries")) {
            JsonNode event = vector.get("event");
            assertThat(CanonicalJson.canonicalize(event)).isEqualTo(vector.get("canonical").stringValue());
            assertThat(vector.get("prevHash").stringValue()).isEqualTo(prev);
            prev = AuditChain.nextHash(prev, event);
            assertThat(prev).isEqualTo(vector.get("hash").stringValue());
            events.add(event);
        }
        List<ChainEntry> entries = ChainFixtures.link(events);
        assertThat(ChainFixtures.verify(entries, List.of()))
                .isEqualTo(new ChainVerification.Intact(3, 3, VECTORS.get("entries").get(2).get("hash").stringValue()));
    }

    @Test
    void reproducesTheVectorCheckpointSignature() throws Exception {
        JsonNode vector = VECTORS.get("checkpoint");
        byte[] seed = Sha256.fromHex(vector.get("rfc8032Test1SeedHex").stringValue());
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        var publicKey = Ed25519Keys.readPublicKeyPem(vector.get("publicKeyPem").stringValue());

        Checkpoint checkpoint = new CheckpointSigner(privateKey).sign(vector.get("sequence").longValue(),
                vector.get("headHash").stringValue(), Instant.parse(vector.get("time").stringValue()));

        assertThat(Ed25519Keys.publicKeyOf(privateKey).getEncoded()).isEqualTo(publicKey.getEncoded());
        assertThat(checkpoint.keyId()).isEqualTo(vector.get("keyId").stringValue());
        assertThat(new String(checkpoint.signedBytes(), StandardCharsets.UTF_8))
                .isEqualTo(vector.get("signedBytes").stringValue());
        assertThat(checkpoint.signature()).isEqualTo(vector.get("signature").stringValue());
        assertThat(CheckpointSigner.verify(checkpoint, publicKey)).isTrue();
    }

    @Test
    void rejectsAPreviousHashThatIsNotThirtyTwoBytesOfHex() {
        JsonNode event = ChainFixtures.event(1);
        assertThatIllegalArgumentException().isThrownBy(() -> AuditChain.nextHash("abcd", event))
                .withMessageContaining("64 hex characters, got 4 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> AuditChain.nextHash("z".repeat(64), event))
                .withMessageContaining("non-hex character 'z'");
    }
}
