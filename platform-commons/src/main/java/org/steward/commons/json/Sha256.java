package org.steward.commons.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;

/** SHA-256 and lower-case hex, the content addresses of artifacts and hashed records. */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    /** The SHA-256 of the concatenation of {@code parts}, without copying them into one array. */
    public static byte[] digest(byte[]... parts) {
        MessageDigest sha256 = newDigest();
        for (byte[] part : parts) {
            sha256.update(part);
        }
        return sha256.digest();
    }

    /** Lower-case hex of {@link #digest(byte[]...)}. */
    public static String hex(byte[]... parts) {
        return toHex(digest(parts));
    }

    public static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes hex (either case); throws IllegalArgumentException for odd length or non-hex characters. */
    public static byte[] fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hex string is null");
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string has an odd length (" + hex.length() + ")");
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new IllegalArgumentException(
                        "hex string has a non-hex character '" + c + "' at index " + i);
            }
        }
        return HEX.parseHex(hex);
    }

    /** Lower-case hex SHA-256 of the RFC 8785 canonical bytes of {@code node}. */
    public static String hexOfCanonical(JsonNode node) {
        return hex(CanonicalJson.canonicalBytes(node));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
