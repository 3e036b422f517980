package org.steward.testsupport;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis the tests get is a real server: it speaks RESP and runs Lua scripts. */
class RealRedisTest {

    @Test
    void runsLuaScripts() throws IOException {
        RealRedis redis = RealRedis.shared();
        try (Socket socket = new Socket(redis.host(), redis.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            send(out, "DEL", "real-redis-test");
            assertThat(in.readLine()).startsWith(":");
            String script = "redis.call('HSET', KEYS[1], 'n', ARGV[1]) return redis.call('HINCRBY', KEYS[1], 'n', 2)";
            send(out, "EVAL", script, "1", "real-redis-test", "40");
            assertThat(in.readLine()).isEqualTo(":42");
        }
    }

    /** A command as a RESP array of bulk strings. */
    private static void send(OutputStream out, String... parts) throws IOException {
        StringBuilder command = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            command.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
