package org.steward.governance.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.steward.commons.audit.chain.Ed25519Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoint signing key pair, kept in one PEM file holding the private key (PKCS#8) and its public key
 * (X.509), since the JDK cannot derive one from the other. The private key never leaves this record or reaches
 * the log; the public key is what auditors receive.
 */
public record CheckpointKeys(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    private static final Logger log = LoggerFactory.getLogger(CheckpointKeys.class);
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----.*?-----END \\1-----", Pattern.DOTALL);

    @Override
    public String toString() {
        return "CheckpointKeys[keyId=" + keyId + "]";
    }

    public String publicKeyPem() {
        return Ed25519Keys.toPem(publicKey);
    }

    /** Reads the key pair, creating it first if the file does not exist. */
    public static CheckpointKeys load(Path path) {
        try {
            if (Files.notExists(path)) {
                create(path);
            }
            String text = Files.readString(path);
            PrivateKey privateKey = Ed25519Keys.readPrivateKeyPem(block(text, "PRIVATE KEY", path));
            PublicKey publicKey = Ed25519Keys.readPublicKeyPem(block(text, "PUBLIC KEY", path));
            return new CheckpointKeys(privateKey, publicKey, Ed25519Keys.keyId(publicKey));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint signing key at " + path, e);
        }
    }

    private static void create(Path path) throws IOException {
        KeyPair generated = Ed25519Keys.generate();
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        Files.writeString(path, Ed25519Keys.toPem(generated.getPrivate()) + "\n" + Ed25519Keys.toPem(generated.getPublic()));
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("Could not restrict permissions of {}: protect it by other means", path);
        }
        log.info("Generated a new checkpoint signing key at {} (key id {})", path, Ed25519Keys.keyId(generated.getPublic()));
    }

    private static String block(String text, String type, Path path) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return m.group();
            }
        }
        throw new IllegalStateException("the checkpoint signing key file " + path + " has no " + type
                + " block; it must hold the Ed25519 PRIVATE KEY and its PUBLIC KEY in PEM");
    }
}
