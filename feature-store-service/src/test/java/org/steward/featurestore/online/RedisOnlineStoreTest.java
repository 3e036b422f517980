package org.steward.featurestore.online;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.steward.commons.web.StewardException;
import org.steward.testsupport.RealRedis;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The online store contract on a real redis-server, plus what only Redis can do to a client. */
class RedisOnlineStoreTest extends OnlineStoreContract {

    private static RedisOnlineStore store;

    @BeforeAll
    static void connect() {
        store = new RedisOnlineStore(RedisClient.create(RealRedis.shared().uri()), "steward-test:contract");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected OnlineStore store() {
        return store;
    }

    @Test
    void reloadsItsScriptWhenRedisForgetsIt() {
        ViewVersion view = new ViewVersion("script_flush", 1);
        try (RedisClient client = RedisClient.create(RealRedis.shared().uri()); var admin = client.connect()) {
            admin.sync().scriptFlush();
        }
        assertThat(store.upsert(view, List.of(row("[\"c1\"]", "10:00:00", "10:00:00", "{}")))).isEqualTo(1);
        assertThat(store.read(Map.of(view, Set.of("[\"c1\"]"))).get(view)).containsOnlyKeys("[\"c1\"]");
    }

    @Test
    void refusesToStartWithoutARedisAndAnswersUnavailableWhenItGoes() {
        assertThatThrownBy(() -> new RedisOnlineStore(RedisClient.create("redis://127.0.0.1:1"), "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not connect to the Redis online store");

        RealRedis redis = RealRedis.start();
        RedisOnlineStore doomed = new RedisOnlineStore(RedisClient.create(redis.uri() + "?timeout=1s"), "x");
        redis.close();
        assertThatThrownBy(() -> doomed.read(Map.of(new ViewVersion("v", 1), Set.of("[\"c1\"]"))))
                .isInstanceOf(StewardException.class)
                .satisfies(e -> assertThat(((StewardException) e).kind()).isEqualTo(StewardException.Kind.UNAVAILABLE));
        doomed.close();
    }
}
