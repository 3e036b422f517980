package org.steward.registry.artifact;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The artifact store contract on a directory of files. */
class FileSystemArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path directory;
    private FileSystemArtifactStore store;

    @BeforeEach
    void createStore() {
        store = new FileSystemArtifactStore(directory.resolve("artifacts"));
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }

    @Override
    protected void tamper(String sha256) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve("artifacts").resolve(sha256).toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
    }

    @Override
    protected long storedBytes() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("artifacts"))) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void leavesOneFileNamedByTheHashAndNoTemporaryFiles() throws IOException {
        String sha256 = store.put(new byte[]{1, 2, 3}).sha256();

        try (Stream<Path> files = Files.list(directory.resolve("artifacts"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(sha256);
        }
    }
}
