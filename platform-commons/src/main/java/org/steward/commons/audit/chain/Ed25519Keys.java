package org.steward.commons.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.steward.commons.json.Sha256;

/**
 * Ed25519 keys for checkpoint signing, with the JDK's own provider, and their PEM forms (X.509
 * SubjectPublicKeyInfo "PUBLIC KEY", PKCS#8 "PRIVATE KEY") that openssl and Python's cryptography read.
 */
public final class Ed25519Keys {

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime provides no Ed25519", e);
        }
    }

    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", requireEd25519(key).getEncoded());
    }

    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", requireEd25519(key).getEncoded());
    }

    /** @throws IllegalArgumentException if {@code pem} is not one PEM "PUBLIC KEY" block holding an Ed25519 key */
    public static PublicKey readPublicKeyPem(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(derOf(pem, "PUBLIC KEY"));
        return (PublicKey) requireEd25519(decode(spec, "PUBLIC KEY"));
    }

    /** @throws IllegalArgumentException if {@code pem} is not one PEM "PRIVATE KEY" block holding an Ed25519 key */
    public static PrivateKey readPrivateKeyPem(String pem) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(derOf(pem, "PRIVATE KEY"));
        return (PrivateKey) requireEd25519(decode(spec, "PRIVATE KEY"));
    }

    /** A short, stable name for a public key: the first 16 hex characters of SHA-256 of its X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(requireEd25519(key).getEncoded()).substring(0, 16);
    }

    /**
     * The public half of an Ed25519 private key, so a signer configured with only its private key can name
     * itself. The JDK exposes no such derivation; its key-pair generator, though, derives the public key from
     * 32 random bytes, so replaying the private key's bytes as that randomness yields the pair. The result is
     * checked by a test signature, so a provider that behaves differently fails loudly instead of misnaming.
     *
     * @throws IllegalArgumentException if the key is not Ed25519 or its bytes cannot be extracted
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        byte[] seed = ((EdECPrivateKey) requireEd25519(key)).getBytes().orElseThrow(
                () -> new IllegalArgumentException("the Ed25519 private key does not expose its bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new ReplayedSeed(seed));
            PublicKey derived = generator.generateKeyPair().getPublic();
            byte[] probe = "steward key derivation check".getBytes(StandardCharsets.UTF_8);
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(derived);
            signature.update(probe);
            if (!signature.verify(signed)) {
                throw new IllegalStateException("the Ed25519 provider did not derive the public key from the seed");
            }
            return derived;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the Ed25519 public key", e);
        }
    }

    private static <K extends Key> K requireEd25519(K key) {
        if (key instanceof EdECKey edKey && ALGORITHM.equalsIgnoreCase(edKey.getParams().getName())) {
            return key;
        }
        throw new IllegalArgumentException("expected an Ed25519 key, got "
                + (key == null ? "null" : key.getAlgorithm() + " " + key.getFormat()));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] derOf(String pem, String label) {
        if (pem == null) {
            throw new IllegalArgumentException("expected a PEM \"" + label + "\" block, got null");
        }
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("expected a PEM \"" + label + "\" block (-----BEGIN " + label
                    + "----- … -----END " + label + "-----) with base64 content, found none");
        }
        if (!matcher.group(1).equals(label)) {
            throw new IllegalArgumentException(
                    "expected a PEM \"" + label + "\" block but found \"" + matcher.group(1) + "\"");
        }
        try {
            return Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM \"" + label + "\" block is not valid base64", e);
        }
    }

    private static Key decode(KeySpec spec, String label) {
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            return spec instanceof X509EncodedKeySpec x509 ? factory.generatePublic(x509)
                    : factory.generatePrivate(spec);
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("the PEM \"" + label + "\" block does not hold an Ed25519 key: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime provides no Ed25519", e);
        }
    }

    /** Hands the key generator the private key's bytes instead of fresh randomness (see {@link #publicKeyOf}). */
    @SuppressWarnings("serial")
    private static final class ReplayedSeed extends SecureRandom {

        private final byte[] seed;

        ReplayedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 generator asked for " + bytes.length + " bytes, not "
                        + seed.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
