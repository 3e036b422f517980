package org.steward.testsupport;

import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A real Redis server: a container when a Docker engine answers, otherwise the {@code redis-server} binary
 * shipped inside a Maven artifact, started as a child process. Either way clients speak RESP to the real server,
 * so Lua scripts and their atomicity behave as in production.
 */
public sealed interface RealRedis extends AutoCloseable {

    String host();

    int port();

    /** {@code redis://host:port}, the form Lettuce and the services' configuration take. */
    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    @Override
    void close();

    /** Starts a throw-away server for tests. */
    static RealRedis start() {
        return Infrastructure.dockerAvailable() ? new Container() : Embedded.start();
    }

    /** One server per test JVM, started on first use and stopped when the JVM exits; tests use distinct keys. */
    static RealRedis shared() {
        return Shared.INSTANCE;
    }

    final class Shared {
        private static final RealRedis INSTANCE = start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close, "real-redis-stop"));
        }

        private Shared() {
        }
    }

    record Embedded(RedisServer server, int port) implements RealRedis {

        static Embedded start() {
            try {
                int port = freePort();
                RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").build();
                server.start();
                return new Embedded(server, port);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded redis-server", e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Container(GenericContainer<?> container) implements RealRedis {

        Container() {
            this(new GenericContainer<>("redis:7.4").withExposedPorts(6379));
            container.start();
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(6379);
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
