package org.steward.registry.artifact;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts in the registry's own schema, as {@code bytea} chunks of {@value #CHUNK_SIZE} bytes: a 200 MB model is
 * written and read a chunk at a time, never held whole in memory, and it commits or rolls back with the version that
 * registers it. The chunks are written under a fresh content id while the hash is computed; if the address already
 * exists, the new copy is dropped, so identical bytes are kept once.
 */
public final class PostgresArtifactStore implements ArtifactStore {

    static final int CHUNK_SIZE = 1 << 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public PostgresArtifactStore(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Joins the caller's transaction if there is one, so a rolled-back registration leaves no artifact behind. */
    @Override
    public StoredArtifact put(InputStream content) {
        return transactions.execute(tx -> {
            UUID contentId = UUID.randomUUID();
            MessageDigest digest = ContentAddress.newDigest();
            byte[] buffer = new byte[CHUNK_SIZE];
            long size = 0;
            int sequence = 0;
            for (int n; (n = readChunk(content, buffer)) > 0; size += n) {
                digest.update(buffer, 0, n);
                jdbc.sql("insert into artifact_chunk (content_id, seq, data) values (?, ?, ?)")
                        .params(contentId, sequence++, n == buffer.length ? buffer : Arrays.copyOf(buffer, n))
                        .update();
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            boolean stored = jdbc.sql("insert into artifact (sha256, size, content_id, created_at) values (?, ?, ?, ?) "
                            + "on conflict (sha256) do nothing")
                    .params(sha256, size, contentId, Timestamp.from(clock.instant()))
                    .update() == 1;
            if (!stored) {
                jdbc.sql("delete from artifact_chunk where content_id = ?").param(contentId).update();
            }
            return new StoredArtifact(sha256, size);
        });
    }

    @Override
    public InputStream open(String sha256) {
        UUID contentId = jdbc.sql("select content_id from artifact where sha256 = ?").param(ContentAddress.require(sha256))
                .query(UUID.class).optional()
                .orElseThrow(() -> new ArtifactNotFoundException(sha256));
        return new VerifyingInputStream(new ChunkStream(contentId), sha256);
    }

    @Override
    public boolean contains(String sha256) {
        return jdbc.sql("select exists (select 1 from artifact where sha256 = ?)").param(ContentAddress.require(sha256))
                .query(Boolean.class).single();
    }

    private static int readChunk(InputStream content, byte[] buffer) {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the artifact being stored", e);
        }
    }

    /** The chunks of one content id in order, fetched one query at a time; it ends at the first missing sequence. */
    private final class ChunkStream extends InputStream {

        private final UUID contentId;
        private int next;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean ended;

        ChunkStream(UUID contentId) {
            this.contentId = contentId;
        }

        @Override
        public int read() {
            return fill() ? chunk[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            return n;
        }

        private boolean fill() {
            while (!ended && position == chunk.length) {
                Optional<byte[]> data = jdbc.sql("select data from artifact_chunk where content_id = ? and seq = ?")
                        .params(contentId, next++).query(byte[].class).optional();
                ended = data.isEmpty();
                chunk = data.orElse(chunk);
                position = ended ? chunk.length : 0;
            }
            return !ended || position < chunk.length;
        }
    }
}
