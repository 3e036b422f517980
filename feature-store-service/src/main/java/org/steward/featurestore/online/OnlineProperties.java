package org.steward.featurestore.online;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The online store's settings ({@code steward.online.*}).
 *
 * @param backend                  where online rows live: {@code postgres} (the service's schema, the default) or
 *                                 {@code redis}
 * @param catalogRefresh           how long serving trusts its copy of the definitions when a request names a
 *                                 feature service without a version; pinned versions never change
 * @param materializationBatchSize rows written to the store per batch while materialising
 */
@ConfigurationProperties("steward.online")
public record OnlineProperties(@DefaultValue("postgres") Backend backend, @DefaultValue Redis redis,
                               @DefaultValue("5s") Duration catalogRefresh,
                               @DefaultValue("1000") int materializationBatchSize) {

    public enum Backend { POSTGRES, REDIS }

    /**
     * @param uri       e.g. {@code redis://localhost:6379} or {@code rediss://user:password@host:6380?timeout=2s}
     * @param keyPrefix the start of every key, so several environments can share one Redis
     */
    public record Redis(@DefaultValue("redis://localhost:6379") String uri, @DefaultValue("steward:online") String keyPrefix) {
    }
}
