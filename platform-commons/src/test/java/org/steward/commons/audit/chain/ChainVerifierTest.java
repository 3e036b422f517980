package org.steward.commons.audit.chain;


import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.steward.commons.json.CanonicalJson;
import org.steward.commons.audit.chain.ChainVerification.Broken;
import org.steward.commons.audit.chain.ChainVerification.Intact;
import org.steward.commons.audit.chain.ChainVerification.Problem;

import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.steward.commons.audit.chain.ChainFixtures.chain;
import static org.steward.commons.audit.chain.ChainFixtures.event;
import static org.steward.commons.audit.chain.ChainFixtures.renumbered;
import static org.steward.commons.audit.chain.ChainFixtures.verify;
import static org.steward.commons.audit.chain.ChainFixtures.withSequence;

class ChainVerifierTest {

    private static final List<ChainEntry> CHAIN = chain(1_000);
    private static final CheckpointSigner SIGNER = new CheckpointSigner(Ed25519Keys.generate().getPrivate());
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void anUntouchedChainIsIntact() {
        ChainVerification result = verify(CHAIN, List.of(checkpointAt(500), checkpointAt(1_000)));

        assertThat(result).isEqualTo(new Intact(1_000, 1_000, CHAIN.getLast().hash()));
        assertThat(result.intact()).isTrue();
    }

    @Test
    void theStoredCanonicalTextVerifiesLikeTheEventAndAnyChangedByteIsCaught() {
        ChainVerifier fromText = new ChainVerifier();
        CHAIN.forEach(e -> fromText.acceptCanonical(e.sequence(), e.eventId(), CanonicalJson.canonicalize(e.event()),
                e.prevHash(), e.hash()));
        assertThat(fromText.result()).isEqualTo(new Intact(1_000, 1_000, CHAIN.getLast().hash()));

        ChainVerifier withSpace = new ChainVerifier();
        for (ChainEntry e : CHAIN) {
            String text = CanonicalJson.canonicalize(e.event());
            withSpace.acceptCanonical(e.sequence(), e.eventId(), e.sequence() == 42 ? text.replaceFirst(":", ": ") : text,
                    e.prevHash(), e.hash());
        }
        assertThat(withSpace.result()).isInstanceOfSatisfying(Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(42);
            assertThat(broken.problem()).isEqualTo(Problem.CONTENT_ALTERED);
        });
    }

    @Test
    void anEmptyChainIsIntactAtGenesis() {
        assertThat(verify(List.of(), List.of())).isEqualTo(new Intact(0, 0, AuditChain.GENESIS_HASH));
    }

    @Test
    void anEditedEventIsFoundWhereItWasEdited() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        ChainEntry original = tampered.get(499);
        ObjectNode edited = event(500);
        edited.withObject("data").put("actor", "mallory");
        tampered.set(499, new ChainEntry(500, original.eventId(), edited, original.prevHash(), original.hash()));

        assertBroken(verify(tampered, List.of()), 500, 500, Problem.CONTENT_ALTERED,
                "event 500 (id evt-000500) does not match its recorded hash: its content was altered");
    }

    @Test
    void anEditedEventWhoseOwnHashWasRecomputedBreaksTheNextLink() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        ChainEntry original = tampered.get(499);
        ObjectNode edited = event(500);
        edited.withObject("data").put("reason", "nothing to see");
        tampered.set(499, new ChainEntry(500, original.eventId(), edited, original.prevHash(),
                AuditChain.nextHash(original.prevHash(), edited)));

        assertBroken(verify(tampered, List.of()), 501, 501, Problem.LINK_BROKEN,
                "event 501 (id evt-000501) does not link to event 500", "altered, removed, inserted or reordered");
    }

    @Test
    void rewritingTheTailIsOnlyCaughtByACheckpoint() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        ChainEntry last = tampered.getLast();
        ObjectNode edited = event(1_000).put("type", "approval.revoked");
        tampered.set(999, new ChainEntry(1_000, last.eventId(), edited, last.prevHash(),
                AuditChain.nextHash(last.prevHash(), edited)));

        assertThat(verify(tampered, List.of()).intact()).as("without a checkpoint the head can be rewritten").isTrue();
        assertBroken(verify(tampered, List.of(checkpointAt(1_000))), 1_000, 1_000, Problem.CHECKPOINT_MISMATCH,
                "event 1000 (id evt-001000) hashes to", "but the checkpoint signed at 2025-03-01T12:00:00Z recorded",
                "the chain up to this event was rewritten");
    }

    @Test
    void aDeletedEventLeavesASequenceGap() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        tampered.remove(299);

        assertBroken(verify(tampered, List.of()), 300, 301, Problem.SEQUENCE_GAP,
                "event 300 is missing: event 299 is followed by event 301 (id evt-000301), so events were deleted");
    }

    @Test
    void aDeletedEventWithRenumberingBreaksTheLink() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        tampered.remove(299);

        assertBroken(verify(renumbered(tampered), List.of()), 300, 300, Problem.LINK_BROKEN,
                "event 300 (id evt-000301) does not link to event 299");
    }

    @Test
    void deletingTheFirstEventIsFound() {
        List<ChainEntry> tampered = CHAIN.subList(1, CHAIN.size());

        assertBroken(verify(tampered, List.of()), 1, 2, Problem.SEQUENCE_GAP,
                "the chain starts with event 2 (id evt-000002) instead of event 1");
        assertBroken(verify(renumbered(tampered), List.of()), 1, 1, Problem.LINK_BROKEN,
                "event 1 (id evt-000002) does not start from the genesis hash");
    }

    @Test
    void anInsertedEventIsFound() {
        ChainEntry before = CHAIN.get(399);
        ObjectNode forged = event(5_000);
        ChainEntry inserted = new ChainEntry(401, "evt-005000", forged, before.hash(),
                AuditChain.nextHash(before.hash(), forged));
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        tampered.add(400, inserted);

        assertBroken(verify(tampered, List.of()), 402, 401, Problem.SEQUENCE_GAP,
                "event 401 (id evt-000401) follows event 401: the sequence repeats or goes back");
        assertBroken(verify(renumbered(tampered), List.of()), 402, 402, Problem.LINK_BROKEN,
                "event 402 (id evt-000401) does not link to event 401");
    }

    @Test
    void swappedEventsAreFound() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        Collections.swap(tampered, 599, 600);

        assertBroken(verify(tampered, List.of()), 600, 601, Problem.SEQUENCE_GAP,
                "event 600 is missing: event 599 is followed by event 601 (id evt-000601)");
        assertBroken(verify(renumbered(tampered), List.of()), 600, 600, Problem.LINK_BROKEN,
                "event 600 (id evt-000601) does not link to event 599");
    }

    @Test
    void onlyTheFirstBreakIsReported() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN);
        tampered.set(99, withSequence(tampered.get(99), 7));
        tampered.remove(700);
        ChainVerifier verifier = new ChainVerifier();
        tampered.forEach(verifier::accept);

        assertThat(verifier.broken()).isTrue();
        assertBroken(verifier.result(), 100, 7, Problem.SEQUENCE_GAP, "event 7 (id evt-000100) follows event 99");
    }

    @Test
    void aChainEndingBeforeASignedCheckpointWasTruncated() {
        Checkpoint at900 = checkpointAt(900);
        ChainVerification result = verify(CHAIN.subList(0, 850), List.of(checkpointAt(100), at900));

        assertBroken(result, 850, 851, Problem.TRUNCATED, "the chain ends at event 850 but the checkpoint of "
                + "2025-03-01T12:00:00Z (key " + at900.keyId() + ") was signed at event 900: events 851 to 900 "
                + "were removed");
        assertThat(((Broken) result).eventId()).isNull();
        assertBroken(verify(List.of(), List.of(at900)), 0, 1, Problem.TRUNCATED, "the chain is empty but");
    }

    @Test
    void anEventThatCannotBeCanonicalisedIsReportedNotThrown() {
        List<ChainEntry> tampered = new ArrayList<>(CHAIN.subList(0, 3));
        ChainEntry third = tampered.get(2);
        tampered.set(2, new ChainEntry(3, third.eventId(), event(3).put("score", Double.NaN),
                third.prevHash(), third.hash()));

        assertBroken(verify(tampered, List.of()), 3, 3, Problem.MALFORMED,
                "event 3 (id evt-000003) cannot be canonicalised: number NaN is not finite");
    }

    /** The design requires more than 100,000 entries per second; best of three runs on realistic events. */
    @Test
    void verifiesMoreThanOneHundredThousandEntriesPerSecond() {
        List<ChainEntry> large = chain(100_000);
        verify(large, List.of()); // warm up the JIT
        double best = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            assertThat(verify(large, List.of()).intact()).isTrue();
            best = Math.max(best, large.size() / ((System.nanoTime() - start) / 1e9));
        }
        assertThat(best).as("entries verified per second").isGreaterThan(100_000);
    }

    private static Checkpoint checkpointAt(int sequence) {
        return SIGNER.sign(sequence, CHAIN.get(sequence - 1).hash(), NOW);
    }

    private static void assertBroken(ChainVerification result, long checked, long sequence, Problem problem,
            String... messageParts) {
        assertThat(result).isInstanceOf(Broken.class);
        assertThat(result.intact()).isFalse();
        Broken broken = (Broken) result;
        assertThat(broken.problem()).as(broken.message()).isEqualTo(problem);
        assertThat(broken.sequence()).as(broken.message()).isEqualTo(sequence);
        assertThat(broken.checked()).as(broken.message()).isEqualTo(checked);
        assertThat(broken.message()).contains(messageParts);
    }
}
