package org.steward.featurestore.online;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.steward.commons.web.StewardException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The online store on Redis, for production serving at scale: one hash per view version and entity key
 * ({@code <prefix>:row:<view>:<version>:<entity key>}) with the fields {@code event_time} and {@code created}
 * (epoch microseconds) and {@code values}. The tie-break runs inside Redis as a Lua script, so a write that lost
 * the race can never overwrite a newer row. Batches are pipelined on one shared connection: a batch costs about
 * one round trip. Watermarks are hashes beside the rows ({@code <prefix>:watermark:<view>:<version>}).
 */
public final class RedisOnlineStore implements OnlineStore, AutoCloseable {

    /** Writes the row if the stored one is absent or smaller in (event_time, created); returns 1 if it wrote. */
    static final String UPSERT = """
            local stored = redis.call('HMGET', KEYS[1], 'event_time', 'created')
            if stored[1] then
              local event_time, created = tonumber(ARGV[1]), tonumber(ARGV[2])
              local stored_event_time, stored_created = tonumber(stored[1]), tonumber(stored[2])
              if event_time < stored_event_time or (event_time == stored_event_time and created <= stored_created) then
                return 0
              end
            end
            redis.call('HSET', KEYS[1], 'event_time', ARGV[1], 'created', ARGV[2], 'values', ARGV[3])
            return 1""";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private volatile String upsertSha;

    /** Connects at once, so a wrong address fails the start rather than the first request. */
    public RedisOnlineStore(RedisClient client, String keyPrefix) {
        this.client = client;
        this.prefix = keyPrefix;
        try {
            this.connection = client.connect();
            this.upsertSha = connection.sync().scriptLoad(UPSERT);
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("could not connect to the Redis online store: " + e.getMessage(), e);
        }
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    public int upsert(ViewVersion view, List<OnlineRow> rows) {
        try {
            return write(view, rows);
        } catch (NoScript e) {
            // Redis restarted or its script cache was flushed; the script is idempotent, so the batch is replayed.
            upsertSha = connection.sync().scriptLoad(UPSERT);
            return write(view, rows);
        }
    }

    private int write(ViewVersion view, List<OnlineRow> rows) {
        RedisAsyncCommands<String, String> redis = connection.async();
        String sha = upsertSha;
        List<RedisFuture<Long>> writes = new ArrayList<>(rows.size());
        for (OnlineRow row : OnlineRow.latestPerKey(rows)) {
            writes.add(redis.evalsha(sha, ScriptOutputType.INTEGER, new String[]{rowKey(view, row.entityKey())},
                    Long.toString(micros(row.eventTime())), Long.toString(micros(row.created())), row.values()));
        }
        int written = 0;
        for (RedisFuture<Long> write : writes) {
            written += await(write, "write online rows of " + view.reference()).intValue();
        }
        return written;
    }

    @Override
    public Map<ViewVersion, Map<String, OnlineRow>> read(Map<ViewVersion, ? extends Collection<String>> keys) {
        RedisAsyncCommands<String, String> redis = connection.async();
        record Pending(ViewVersion view, String entityKey, RedisFuture<List<KeyValue<String, String>>> fields) {
        }
        List<Pending> pending = new ArrayList<>();
        keys.forEach((view, viewKeys) -> viewKeys.forEach(key ->
                pending.add(new Pending(view, key, redis.hmget(rowKey(view, key), "event_time", "created", "values")))));
        Map<ViewVersion, Map<String, OnlineRow>> found = new HashMap<>();
        for (Pending p : pending) {
            List<KeyValue<String, String>> fields = await(p.fields(), "read the online store");
            if (fields.getFirst().hasValue()) {
                found.computeIfAbsent(p.view(), v -> new HashMap<>()).put(p.entityKey(), new OnlineRow(p.entityKey(),
                        instant(fields.get(0).getValue()), instant(fields.get(1).getValue()), fields.get(2).getValue()));
            }
        }
        return found;
    }

    @Override
    public Optional<Watermark> watermark(ViewVersion view) {
        List<KeyValue<String, String>> fields = await(connection.async().hmget(watermarkKey(view), "created_before", "event_time_end"),
                "read the watermark of " + view.reference());
        return fields.getFirst().hasValue()
                ? Optional.of(new Watermark(instant(fields.get(0).getValue()), instant(fields.get(1).getValue())))
                : Optional.empty();
    }

    @Override
    public void saveWatermark(ViewVersion view, Watermark watermark) {
        await(connection.async().hset(watermarkKey(view), Map.of(
                "created_before", Long.toString(micros(watermark.createdBefore())),
                "event_time_end", Long.toString(micros(watermark.eventTimeEnd())))), "save the watermark of " + view.reference());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }

    private String rowKey(ViewVersion view, String entityKey) {
        return prefix + ":row:" + view.name() + ":" + view.version() + ":" + entityKey;
    }

    private String watermarkKey(ViewVersion view) {
        return prefix + ":watermark:" + view.name() + ":" + view.version();
    }

    /** Waits for one pipelined reply within the connection's timeout; Redis failures become 503s. */
    private <T> T await(RedisFuture<T> future, String what) {
        try {
            return future.get(connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException) {
                throw new NoScript();
            }
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    private static StewardException unavailable(String what, Throwable cause) {
        StewardException e = new StewardException(StewardException.Kind.UNAVAILABLE, "Online store unavailable",
                "could not " + what + " in Redis (" + cause.getClass().getSimpleName() + "); retry later");
        e.initCause(cause);
        return e;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(String micros) {
        return Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
    }

    /** The script cache lost the upsert script. */
    private static final class NoScript extends RuntimeException {
        NoScript() {
            super(null, null, false, false);
        }
    }
}
