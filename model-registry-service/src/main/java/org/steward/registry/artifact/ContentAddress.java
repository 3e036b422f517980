package org.steward.registry.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** The addresses of artifacts: lower-case hex SHA-256, as everywhere in Steward. */
public final class ContentAddress {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ContentAddress() {
    }

    public static boolean isValid(String sha256) {
        return sha256 != null && SHA256_HEX.matcher(sha256).matches();
    }

    /** Returns {@code sha256} or throws IllegalArgumentException: an address is never guessed at or normalised. */
    public static String require(String sha256) {
        if (!isValid(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 address (64 lower-case hex digits): '" + sha256 + "'");
        }
        return sha256;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
