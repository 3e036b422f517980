package org.steward.runtime;

/**
 * The artifact's SHA-256 is not the one it was registered (and approved) with. Thrown before any byte is parsed:
 * an altered model must never reach a parser, let alone score anyone.
 */
public final class ArtifactIntegrityException extends ModelLoadException {

    private final String expectedSha256;
    private final String actualSha256;

    public ArtifactIntegrityException(String expectedSha256, String actualSha256) {
        super("artifact refused: SHA-256 expected " + expectedSha256 + " but the bytes hash to " + actualSha256);
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
