package org.steward.registry.artifact;

/**
 * The bytes read from the store do not hash to the address they were stored under: they were altered or damaged at
 * rest. Unchecked so that it passes through {@link java.io.InputStream#read()} to whoever consumes the stream.
 */
public class ArtifactIntegrityException extends RuntimeException {

    private final String expectedSha256;
    private final String actualSha256;

    public ArtifactIntegrityException(String expectedSha256, String actualSha256) {
        super("artifact " + expectedSha256 + " is corrupted: its stored bytes hash to " + actualSha256);
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}
