package org.steward.registry.artifact;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;

/** Picks the artifact store by {@code steward.registry.artifact-store}; both pass the same contract test. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
class ArtifactStoreConfiguration {

    @Bean
    ArtifactStore artifactStore(RegistryProperties properties, DataSource dataSource,
                                PlatformTransactionManager transactionManager, Clock clock) {
        return switch (properties.artifactStore()) {
            case POSTGRES -> new PostgresArtifactStore(dataSource, transactionManager, clock);
            case FILESYSTEM -> new FileSystemArtifactStore(properties.artifactDirectory());
        };
    }
}
