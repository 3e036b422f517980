package org.steward.featurestore.online;

import io.lettuce.core.RedisClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/** Picks the online store's backend by {@code steward.online.backend}; both pass the same contract test. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OnlineProperties.class)
class OnlineConfiguration {

    @Bean
    OnlineStore onlineStore(OnlineProperties properties, DataSource dataSource) {
        return switch (properties.backend()) {
            case POSTGRES -> new PostgresOnlineStore(dataSource);
            case REDIS -> new RedisOnlineStore(RedisClient.create(properties.redis().uri()), properties.redis().keyPrefix());
        };
    }

    @Bean
    OnlineFeatures onlineFeatures(OnlineStore store, Clock clock) {
        return new OnlineFeatures(store, clock);
    }
}
