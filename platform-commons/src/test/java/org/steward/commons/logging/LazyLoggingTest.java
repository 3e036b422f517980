package org.steward.commons.logging;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** commons-logging, which Spring logs through, renders a message only for a level that is enabled. */
class LazyLoggingTest {

    @Test
    void aMessageBelowTheLoggersLevelIsNeverRendered() {
        Log log = LogFactory.getLog("org.steward.commons.logging.quiet");
        assertThat(log.isDebugEnabled()).as("debug is off by default").isFalse();
        AtomicInteger rendered = new AtomicInteger();
        Object message = new Object() {
            @Override
            public String toString() {
                rendered.incrementAndGet();
                return "expensive";
            }
        };

        log.trace(message);
        log.debug(message);
        assertThat(rendered).as("rendered for disabled levels").hasValue(0);

        log.warn(message);
        assertThat(rendered).as("rendered once the level is enabled").hasValue(1);
    }
}
