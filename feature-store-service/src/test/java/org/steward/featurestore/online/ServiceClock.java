package org.steward.featurestore.online;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.steward.testsupport.MovableClock;

/** The service's clock in integration tests: the system clock until a test holds it at a time, as the proof holds it at T. */
@TestConfiguration(proxyBeanMethods = false)
class ServiceClock {

    /** Replaces the platform's system clock bean. */
    @Bean
    MovableClock clock() {
        return MovableClock.system();
    }
}
