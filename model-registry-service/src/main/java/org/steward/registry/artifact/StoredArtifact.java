package org.steward.registry.artifact;

/** Where an artifact was stored (the lower-case hex SHA-256 of its bytes) and how many bytes it has. */
public record StoredArtifact(String sha256, long size) {

    public StoredArtifact {
        ContentAddress.require(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
