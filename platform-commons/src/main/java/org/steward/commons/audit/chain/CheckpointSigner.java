package org.steward.commons.audit.chain;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Base64;

/** Signs checkpoints with an Ed25519 private key and verifies them with the public key alone. */
public final class CheckpointSigner {

    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey key;
    private final String keyId;

    /** @throws IllegalArgumentException if {@code key} is not an Ed25519 private key */
    public CheckpointSigner(PrivateKey key) {
        this.key = key;
        this.keyId = Ed25519Keys.keyId(Ed25519Keys.publicKeyOf(key));
    }

    public Checkpoint sign(long sequence, String headHash, Instant time) {
        byte[] signedBytes = Checkpoint.signedBytes(sequence, headHash, time, keyId);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedBytes);
            return new Checkpoint(sequence, headHash, time, keyId, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with Ed25519", e);
        }
    }

    /**
     * Whether {@code checkpoint}'s signature is {@code key}'s Ed25519 signature over its
     * {@link Checkpoint#signedBytes()}. A signature that is not even base64 is simply invalid.
     *
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 public key
     */
    public static boolean verify(Checkpoint checkpoint, PublicKey key) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(checkpoint.signedBytes());
            return verifier.verify(signature);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("checkpoints are verified with an Ed25519 public key, not "
                    + key.getAlgorithm(), e);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify a checkpoint with Ed25519", e);
        }
    }
}
