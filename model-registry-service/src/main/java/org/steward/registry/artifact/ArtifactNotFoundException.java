package org.steward.registry.artifact;

/** Nothing is stored at the address; for a registered version this means the store lost it. */
public class ArtifactNotFoundException extends RuntimeException {

    private final String sha256;

    public ArtifactNotFoundException(String sha256) {
        super("no artifact is stored at " + sha256);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }
}
