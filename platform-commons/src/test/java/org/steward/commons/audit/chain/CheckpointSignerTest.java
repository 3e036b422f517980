package org.steward.commons.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Checkpoint signing and the Ed25519 key handling it relies on. */
class CheckpointSignerTest {

    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final String HEAD = "ab".repeat(32);
    private static final Instant TIME = Instant.parse("2025-03-01T12:00:00.250Z");

    private final Checkpoint checkpoint = new CheckpointSigner(KEYS.getPrivate()).sign(41, HEAD, TIME);

    @Test
    void signsTheCanonicalJsonOfSequenceHeadTimeAndKey() {
        String keyId = Ed25519Keys.keyId(KEYS.getPublic());

        assertThat(checkpoint.keyId()).isEqualTo(keyId).hasSize(16);
        assertThat(new String(checkpoint.signedBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"headHash\":\"" + HEAD + "\",\"keyId\":\"" + keyId + "\",\"sequence\":41,"
                        + "\"time\":\"2025-03-01T12:00:00.250Z\"}");
        assertThat(Base64.getDecoder().decode(checkpoint.signature())).hasSize(64);
    }

    @Test
    void verifiesWithThePublicKeyAloneAndFailsWithAnother() {
        assertThat(CheckpointSigner.verify(checkpoint, KEYS.getPublic())).isTrue();
        assertThat(CheckpointSigner.verify(checkpoint, Ed25519Keys.generate().getPublic())).isFalse();
    }

    @Test
    void anyChangedFieldInvalidatesTheSignature() {
        String keyId = checkpoint.keyId();
        String signature = checkpoint.signature();
        var key = KEYS.getPublic();

        assertThat(CheckpointSigner.verify(new Checkpoint(42, HEAD, TIME, keyId, signature), key)).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(41, "cd".repeat(32), TIME, keyId, signature), key)).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(41, HEAD, TIME.plusMillis(1), keyId, signature), key))
                .isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(41, HEAD, TIME, "0".repeat(16), signature), key)).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(41, HEAD, TIME, keyId, "not base64!"), key)).isFalse();
        assertThat(CheckpointSigner.verify(new Checkpoint(41, HEAD, TIME, keyId, "AAAA"), key)).isFalse();
    }

    @Test
    void rejectsCheckpointsThatCannotBeAChainPosition() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint(0, HEAD, TIME, "k", "s"))
                .withMessageContaining("at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint(1, HEAD.toUpperCase(), TIME, "k", "s"))
                .withMessageContaining("64 lower-case hex characters");
    }

    @Test
    void pemKeysRoundTripAndStillSignAndVerify() {
        String publicPem = Ed25519Keys.toPem(KEYS.getPublic());
        String privatePem = Ed25519Keys.toPem(KEYS.getPrivate());

        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        var publicKey = Ed25519Keys.readPublicKeyPem(publicPem);
        var privateKey = Ed25519Keys.readPrivateKeyPem(privatePem.replace("\n", "\r\n"));
        assertThat(publicKey.getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());

        Checkpoint signed = new CheckpointSigner(privateKey).sign(1, HEAD, TIME);
        assertThat(CheckpointSigner.verify(signed, publicKey)).isTrue();
        assertThat(signed.keyId()).isEqualTo(checkpoint.keyId());
    }

    @Test
    void derivesThePublicKeyFromThePrivateKey() {
        for (int i = 0; i < 5; i++) {
            KeyPair pair = Ed25519Keys.generate();
            assertThat(Ed25519Keys.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        }
    }

    @Test
    void rejectsBadPemWithAClearMessage() throws Exception {
        String publicPem = Ed25519Keys.toPem(KEYS.getPublic());
        String privatePem = Ed25519Keys.toPem(KEYS.getPrivate());
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rsaPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n";

        assertThatIllegalArgumentException().isThrownBy(() -> Ed25519Keys.readPublicKeyPem("hello"))
                .withMessageContaining("expected a PEM \"PUBLIC KEY\" block");
        assertThatIllegalArgumentException().isThrownBy(() -> Ed25519Keys.readPublicKeyPem(privatePem))
                .withMessage("expected a PEM \"PUBLIC KEY\" block but found \"PRIVATE KEY\"");
        assertThatIllegalArgumentException().isThrownBy(() -> Ed25519Keys.readPrivateKeyPem(publicPem))
                .withMessage("expected a PEM \"PRIVATE KEY\" block but found \"PUBLIC KEY\"");
        assertThatIllegalArgumentException().isThrownBy(() -> Ed25519Keys.readPublicKeyPem(
                        "-----BEGIN PUBLIC KEY-----\nAAA=B\n-----END PUBLIC KEY-----"))
                .withMessageContaining("not valid base64");
        assertThatIllegalArgumentException().isThrownBy(() -> Ed25519Keys.readPublicKeyPem(rsaPem))
                .withMessageContaining("does not hold an Ed25519 key");
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSigner(rsa.getPrivate()))
                .withMessageContaining("expected an Ed25519 key, got RSA");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.verify(checkpoint, rsa.getPublic()))
                .withMessageContaining("Ed25519");
    }

    @Test
    void readsKeysWrittenByOpenSsl() {
        // the RFC 8032 section 7.1 TEST 1 public key, as `openssl pkey -pubout` writes it
        String openSslPem = """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
                -----END PUBLIC KEY-----
                """;
        var key = Ed25519Keys.readPublicKeyPem(openSslPem);

        assertThat(Ed25519Keys.toPem(key)).isEqualTo(openSslPem);
    }
}
