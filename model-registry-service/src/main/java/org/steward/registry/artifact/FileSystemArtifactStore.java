package org.steward.registry.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Artifacts as files named by their SHA-256 in one directory. A new artifact is written to a temporary file in the
 * same directory, forced to disk and renamed into place, so a reader never sees half a file and a crash leaves at most
 * a temporary file behind. Unlike the PostgreSQL store it cannot join a database transaction: a registration that
 * rolls back may leave its artifact file, which is harmless (content-addressed, and reused if the same bytes come
 * again).
 */
public final class FileSystemArtifactStore implements ArtifactStore {

    private static final String INCOMING_PREFIX = ".incoming-";

    private final Path directory;

    public FileSystemArtifactStore(Path directory) {
        try {
            this.directory = Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact directory " + directory, e);
        }
    }

    @Override
    public StoredArtifact put(InputStream content) {
        Path incoming = null;
        try {
            incoming = Files.createTempFile(directory, INCOMING_PREFIX, ".tmp");
            MessageDigest digest = ContentAddress.newDigest();
            long size = 0;
            try (FileChannel out = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = content.read(buffer)) > 0; size += n) {
                    digest.update(buffer, 0, n);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                out.force(true);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            Path target = directory.resolve(sha256);
            if (Files.exists(target)) {
                Files.delete(incoming);
            } else {
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new StoredArtifact(sha256, size);
        } catch (IOException e) {
            deleteQuietly(incoming);
            throw new UncheckedIOException("could not store an artifact in " + directory, e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        try {
            return new VerifyingInputStream(Files.newInputStream(directory.resolve(ContentAddress.require(sha256))), sha256);
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open artifact " + sha256, e);
        }
    }

    @Override
    public boolean contains(String sha256) {
        return Files.isRegularFile(directory.resolve(ContentAddress.require(sha256)));
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting; a stray temporary file is harmless
            }
        }
    }
}
