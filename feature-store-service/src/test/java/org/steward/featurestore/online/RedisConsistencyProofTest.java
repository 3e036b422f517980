package org.steward.featurestore.online;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;
import org.steward.testsupport.RealRedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The consistency proof with the Redis online store, on a real redis-server. */
@RealInfrastructure
@SpringBootTest(classes = {FeatureStoreApplication.class, ServiceClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OnlineIntegrationSupport.CONFIG, "steward.service.schema=feature_store_online_redis_it",
                "steward.online.backend=redis", "steward.online.redis.key-prefix=steward-test:proof"})
class RedisConsistencyProofTest extends ConsistencyProof {

    @Autowired
    OnlineStore store;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("steward.online.redis.uri", () -> RealRedis.shared().uri());
    }

    @Test
    void servesFromRedis() {
        assertThat(store.backend()).isEqualTo("redis");
        assertThat(jdbc.queryForObject("select count(*) from online_row", Long.class)).as("nothing in PostgreSQL").isZero();
    }
}
