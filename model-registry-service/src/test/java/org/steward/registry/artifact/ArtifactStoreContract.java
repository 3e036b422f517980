package org.steward.registry.artifact;

import org.junit.jupiter.api.Test;
import org.steward.commons.json.Sha256;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every artifact store must do, run against each of them: content addressing, de-duplication, streaming of
 * artifacts larger than any buffer, and refusal of bytes altered at rest on every read. Each test stores content of
 * its own (random), so tests never see each other's artifacts.
 */
abstract class ArtifactStoreContract {

    private final Random random = new Random();

    protected abstract ArtifactStore store();

    /** Changes one stored byte of the artifact behind the store's back, as an intruder or a failing disk would. */
    protected abstract void tamper(String sha256) throws Exception;

    /** The bytes of content the store holds in total. */
    protected abstract long storedBytes() throws Exception;

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void storesUnderTheSha256OfTheBytesAndReadsThemBack() {
        byte[] model = randomBytes(3000);

        StoredArtifact stored = store().put(model);

        assertThat(stored.sha256()).isEqualTo(Sha256.hex(model));
        assertThat(stored.size()).isEqualTo(3000);
        assertThat(store().contains(stored.sha256())).isTrue();
        assertThat(store().get(stored.sha256())).isEqualTo(model);
    }

    @Test
    void streamsArtifactsLargerThanAnyBufferInBothDirections() throws IOException {
        byte[] model = randomBytes(5 * (1 << 20) + 17);

        StoredArtifact stored = store().put(new ByteArrayInputStream(model));

        assertThat(stored).isEqualTo(new StoredArtifact(Sha256.hex(model), model.length));
        try (InputStream in = store().open(stored.sha256())) {
            byte[] read = new byte[model.length];
            int offset = 0;
            for (int n; (n = in.read(read, offset, Math.min(7919, read.length - offset))) > 0; ) {
                offset += n;
            }
            assertThat(offset).isEqualTo(model.length);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(read).isEqualTo(model);
        }
    }

    @Test
    void keepsTheSameBytesOnce() throws Exception {
        byte[] model = randomBytes(4096);
        long before = storedBytes();

        StoredArtifact first = store().put(model);
        StoredArtifact second = store().put(new ByteArrayInputStream(model));

        assertThat(second).isEqualTo(first);
        assertThat(storedBytes() - before).isEqualTo(model.length);
    }

    @Test
    void storesAnEmptyArtifact() {
        StoredArtifact stored = store().put(new byte[0]);

        assertThat(stored.sha256()).isEqualTo(Sha256.hex(new byte[0]));
        assertThat(store().get(stored.sha256())).isEmpty();
    }

    @Test
    void refusesUnknownAndMalformedAddresses() {
        String unknown = Sha256.hex(randomBytes(16));

        assertThat(store().contains(unknown)).isFalse();
        assertThatThrownBy(() -> store().open(unknown)).isInstanceOf(ArtifactNotFoundException.class).hasMessageContaining(unknown);
        assertThatIllegalArgumentException().isThrownBy(() -> store().open("../../etc/passwd"));
        assertThatIllegalArgumentException().isThrownBy(() -> store().contains(unknown.toUpperCase()));
    }

    @Test
    void refusesBytesAlteredAtRestOnEveryRead() throws Exception {
        byte[] model = randomBytes(2 * (1 << 20) + 5);
        String sha256 = store().put(model).sha256();

        tamper(sha256);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> store().get(sha256)).isInstanceOfSatisfying(ArtifactIntegrityException.class, e -> {
                assertThat(e.expectedSha256()).isEqualTo(sha256);
                assertThat(e.actualSha256()).isNotEqualTo(sha256).hasSize(64);
            });
        }
        try (InputStream in = store().open(sha256)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(ArtifactIntegrityException.class);
            assertThatThrownBy(in::read).as("a corrupted stream keeps refusing").isInstanceOf(ArtifactIntegrityException.class);
        }
    }
}
