package org.steward.testsupport;

import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * A real PostgreSQL server: a container when a Docker engine answers, otherwise the PostgreSQL binaries
 * shipped as a Maven artifact, started as a child process. Both are the real server, so SQL, triggers and
 * locking behave exactly as in production.
 */
public sealed interface RealPostgres extends AutoCloseable {

    String jdbcUrl();

    String username();

    String password();

    @Override
    void close();

    /** Starts a throw-away server for tests. */
    static RealPostgres start() {
        return Infrastructure.dockerAvailable() ? new Container() : Embedded.start(null, 0);
    }

    /**
     * Starts the embedded server on a fixed port over a data directory that survives restarts; used by the
     * embedded default, where PostgreSQL is the system of record.
     */
    static RealPostgres embedded(Path dataDirectory, int port) {
        return Embedded.start(dataDirectory, port);
    }

    record Embedded(EmbeddedPostgres server) implements RealPostgres {

        static Embedded start(Path dataDirectory, int port) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
                if (dataDirectory != null) {
                    // the system of record: a quarter of the memory for its buffers, as for a dedicated server (the
                    // default 128 MB holds little of an offline store), up to 4 GB
                    // and a commit is acknowledged only once it is on disk: the library's default, off, could lose
                    // the last acknowledged decisions and audit events to a crash
                    builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                            .setServerConfig("shared_buffers", sharedBuffersMegabytes() + "MB")
                            .setServerConfig("synchronous_commit", "on");
                }
                if (port > 0) {
                    builder.setPort(port);
                }
                return new Embedded(builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }

        private static long sharedBuffersMegabytes() {
            long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
            return Math.clamp(memory / 4 >> 20, 128, 4096);
        }

        @Override
        public String jdbcUrl() {
            return server.getJdbcUrl("postgres", "postgres");
        }

        @Override
        public String username() {
            return "postgres";
        }

        @Override
        public String password() {
            return "postgres";
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Container(PostgreSQLContainer container) implements RealPostgres {

        Container() {
            this(new PostgreSQLContainer("postgres:17.6").withCommand("postgres", "-c", "max_connections=300"));
            container.start();
        }

        @Override
        public String jdbcUrl() {
            return container.getJdbcUrl();
        }

        @Override
        public String username() {
            return container.getUsername();
        }

        @Override
        public String password() {
            return container.getPassword();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
