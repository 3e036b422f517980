package org.steward.governance.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    CheckpointKeys checkpointKeys(AuditProperties properties) {
        return CheckpointKeys.load(properties.signingKeyPath());
    }
}
