package org.steward.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Content addresses of model artifacts: lower-case hex SHA-256 of the exact bytes, as everywhere in Steward. */
public final class Artifacts {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Artifacts() {
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /**
     * Returns the SHA-256 of {@code bytes}, or throws {@link ArtifactIntegrityException} unless it is
     * {@code expectedSha256} (hex, any case).
     */
    public static String verify(byte[] bytes, String expectedSha256) {
        String expected = normalise(expectedSha256);
        String actual = sha256(bytes);
        if (!expected.equals(actual)) {
            throw new ArtifactIntegrityException(expected, actual);
        }
        return actual;
    }

    private static String normalise(String sha256) {
        if (sha256 == null) {
            throw new IllegalArgumentException("the expected SHA-256 of the artifact is required");
        }
        String lower = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(lower).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256 + "'");
        }
        return lower;
    }
}
