package org.steward.registry.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Content-addressed storage of model artifacts: an artifact is stored under the SHA-256 of its bytes, the same bytes
 * are kept once however often they are stored, and every read is checked against the address, so a byte changed at
 * rest is found the first time anyone reads it.
 */
public interface ArtifactStore {

    /** Stores {@code content} (read to its end, not closed) and returns its address and size. */
    StoredArtifact put(InputStream content);

    default StoredArtifact put(byte[] content) {
        return put(new ByteArrayInputStream(content));
    }

    /**
     * Opens the artifact at {@code sha256} for reading. The stream hashes what it returns and, at its end, throws
     * {@link ArtifactIntegrityException} if the bytes are not the ones the address names, so a caller must read to the
     * end before trusting any of them.
     *
     * @throws ArtifactNotFoundException if nothing is stored at the address
     */
    InputStream open(String sha256);

    /** The whole artifact, verified; for artifacts small enough to hold in memory. */
    default byte[] get(String sha256) {
        try (InputStream in = open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read artifact " + sha256, e);
        }
    }

    boolean contains(String sha256);
}
