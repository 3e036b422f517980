package org.steward.registry.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes every byte it passes on and, when the underlying stream ends, compares the hash with the address: the
 * reader that reaches the end has read exactly the stored artifact or gets {@link ArtifactIntegrityException}.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final String expectedSha256;
    private final MessageDigest digest = ContentAddress.newDigest();
    private boolean verified;
    private ArtifactIntegrityException failure;

    VerifyingInputStream(InputStream in, String expectedSha256) {
        super(in);
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        } else {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipping would leave bytes unhashed, so skipped bytes are read. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readLimit) {
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("a verified artifact stream cannot be reset");
    }

    /** Compares once, at the first end of stream; a corrupted stream keeps refusing however often it is read. */
    private void verify() {
        if (!verified) {
            verified = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expectedSha256)) {
                failure = new ArtifactIntegrityException(expectedSha256, actual);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
