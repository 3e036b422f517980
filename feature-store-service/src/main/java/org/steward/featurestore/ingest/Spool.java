package org.steward.featurestore.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload copied to a temporary file as it arrives, with its size and SHA-256: a batch of hundreds of megabytes
 * is never held in memory, and it can be read several times (validated, stored, loaded). Closing deletes it.
 */
final class Spool implements AutoCloseable {

    private final Path path;
    private final long size;
    private final String sha256;

    private Spool(Path path, long size, String sha256) {
        this.path = path;
        this.size = size;
        this.sha256 = sha256;
    }

    static Spool of(InputStream in) throws IOException {
        Path path = Files.createTempFile("steward-batch-", ".upload");
        try (OutputStream out = Files.newOutputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return new Spool(path, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary file " + path, e);
        }
    }
}
