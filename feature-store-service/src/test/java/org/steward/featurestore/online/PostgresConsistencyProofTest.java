package org.steward.featurestore.online;

import org.springframework.boot.test.context.SpringBootTest;
import org.steward.featurestore.FeatureStoreApplication;
import org.steward.testsupport.RealInfrastructure;

/** The consistency proof with the PostgreSQL online store (the default backend). */
@RealInfrastructure
@SpringBootTest(classes = {FeatureStoreApplication.class, ServiceClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OnlineIntegrationSupport.CONFIG, OnlineIntegrationSupport.POSTGRES_SCHEMA})
class PostgresConsistencyProofTest extends ConsistencyProof {
}
