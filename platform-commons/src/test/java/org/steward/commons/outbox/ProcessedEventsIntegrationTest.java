package org.steward.commons.outbox;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.steward.commons.testapp.CommonsIntegrationTest;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Idempotent consumption against the real PostgreSQL: each consumer applies each event once. */
@CommonsIntegrationTest
class ProcessedEventsIntegrationTest {

    @Autowired
    ProcessedEvents processed;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void claimsAnEventOncePerConsumer() {
        String eventId = UUID.randomUUID().toString();

        assertThat(claim("registry-projection", eventId)).as("first delivery").isTrue();
        assertThat(claim("registry-projection", eventId)).as("redelivery").isFalse();
        assertThat(claim("monitoring-projection", eventId)).as("another consumer").isTrue();
        assertThat(claim("monitoring-projection", eventId)).isFalse();
        assertThat(claim("registry-projection", UUID.randomUUID().toString())).as("another event").isTrue();
    }

    @Test
    void aClaimRolledBackWithItsEffectLeavesTheEventToBeApplied() {
        String eventId = UUID.randomUUID().toString();

        Boolean claimed = transactions.execute(tx -> {
            boolean first = processed.firstDelivery("registry-projection", eventId);
            tx.setRollbackOnly();
            return first;
        });

        assertThat(claimed).isTrue();
        assertThat(claim("registry-projection", eventId)).as("the failed attempt did not count").isTrue();
    }

    @Test
    void refusesToClaimOutsideATransaction() {
        String eventId = UUID.randomUUID().toString();

        assertThatIllegalStateException().isThrownBy(() -> processed.firstDelivery("registry-projection", eventId))
                .withMessageContaining("transaction");
        assertThat(claim("registry-projection", eventId)).as("nothing was recorded").isTrue();
    }

    private boolean claim(String consumer, String eventId) {
        return Boolean.TRUE.equals(transactions.execute(tx -> processed.firstDelivery(consumer, eventId)));
    }
}
