package org.steward.registry.version;

import java.io.InputStream;

/**
 * A version's artifact after its bytes were read to the end and matched its address. {@code content} replays exactly
 * those bytes (from a temporary copy that is deleted when the stream is closed), so nothing read later can differ.
 */
public record VerifiedArtifact(ModelVersion version, InputStream content) {
}
