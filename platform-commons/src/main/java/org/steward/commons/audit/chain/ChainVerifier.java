package org.steward.commons.audit.chain;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.List;

import org.steward.commons.audit.chain.ChainVerification.Broken;
import org.steward.commons.audit.chain.ChainVerification.Intact;
import org.steward.commons.audit.chain.ChainVerification.Problem;

import static org.steward.commons.audit.chain.AuditChain.abbreviate;

/**
 * Recomputes an audit chain entry by entry and reports its first break. It keeps only the head of the chain,
 * so a chain of any length is verified in constant memory while it streams from a database or an export.
 *
 * <p>Checks per entry, in this order: the sequence is the previous one plus one (1 first), the recorded
 * previous hash is the previous entry's <em>recomputed</em> hash (genesis first), the recomputed hash equals
 * the recorded one, and at a trusted checkpoint's sequence the hash equals the signed head hash. Trusted
 * checkpoints also expose truncation: a chain that ends before one was cut short. Not thread-safe.
 */
public final class ChainVerifier {

    private final List<Checkpoint> checkpoints;
    private int nextCheckpoint;
    private long count;
    private long headSequence;
    private String headHash = AuditChain.GENESIS_HASH;
    private Broken broken;

    public ChainVerifier() {
        this(List.of());
    }

    /** @param trustedCheckpoints checkpoints whose signatures the caller has already verified */
    public ChainVerifier(List<Checkpoint> trustedCheckpoints) {
        this.checkpoints = trustedCheckpoints.stream().sorted(Comparator.comparingLong(Checkpoint::sequence)).toList();
    }

    /** Checks the next entry; entries must arrive in stored sequence order. Ignored once a break is found. */
    public void accept(ChainEntry entry) {
        check(new Link(entry.sequence(), entry.eventId(), entry.prevHash(), entry.hash()),
                prev -> AuditChain.nextHash(prev, entry.event()));
    }

    /**
     * Checks the next entry given as the exact canonical text that was hashed, as the chain table stores it:
     * hashing those bytes directly skips parsing and re-canonicalising, and any byte changed in storage, even
     * one that would not change the canonical form, counts as an alteration.
     */
    public void acceptCanonical(long sequence, String eventId, String canonicalEvent, String prevHash, String hash) {
        check(new Link(sequence, eventId, prevHash, hash),
                prev -> AuditChain.nextHash(prev, canonicalEvent.getBytes(StandardCharsets.UTF_8)));
    }

    private void check(Link entry, UnaryOperator<String> rehash) {
        if (broken != null) {
            return;
        }
        count++;
        long expected = headSequence + 1;
        if (entry.sequence() != expected) {
            fail(entry, Problem.SEQUENCE_GAP, sequenceMessage(entry, expected));
            return;
        }
        if (!entry.prevHash().equals(headHash)) {
            fail(entry, Problem.LINK_BROKEN, linkMessage(entry));
            return;
        }
        String recomputed;
        try {
            recomputed = rehash.apply(headHash);
        } catch (IllegalArgumentException e) {
            fail(entry, Problem.MALFORMED, describe(entry) + " cannot be canonicalised: " + e.getMessage());
            return;
        }
        if (!recomputed.equals(entry.hash())) {
            fail(entry, Problem.CONTENT_ALTERED,
                    describe(entry) + " does not match its recorded hash: its content was altered");
            return;
        }
        for (; nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).sequence() == entry.sequence();
                nextCheckpoint++) {
            Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
            if (!checkpoint.headHash().equals(recomputed)) {
                fail(entry, Problem.CHECKPOINT_MISMATCH, describe(entry) + " hashes to " + abbreviate(recomputed)
                        + " but the checkpoint signed at " + checkpoint.time() + " recorded "
                        + abbreviate(checkpoint.headHash()) + ": the chain up to this event was rewritten");
                return;
            }
        }
        headSequence = entry.sequence();
        headHash = recomputed;
    }

    /** True once a break has been found; callers may stop feeding entries, they would be ignored. */
    public boolean broken() {
        return broken != null;
    }

    /** The verdict on the entries accepted so far, taken as the whole chain (so truncation is checked). */
    public ChainVerification result() {
        if (broken != null) {
            return broken;
        }
        if (!checkpoints.isEmpty()) {
            Checkpoint last = checkpoints.getLast();
            if (last.sequence() > headSequence) {
                String end = headSequence == 0 ? "the chain is empty" : "the chain ends at event " + headSequence;
                return new Broken(count, headSequence + 1, null, Problem.TRUNCATED, end
                        + " but the checkpoint of " + last.time() + " (key " + last.keyId() + ") was signed at event "
                        + last.sequence() + ": events " + (headSequence + 1) + " to " + last.sequence()
                        + " were removed");
            }
        }
        return new Intact(count, headSequence, headHash);
    }

    private void fail(Link entry, Problem problem, String message) {
        broken = new Broken(count, entry.sequence(), entry.eventId(), problem, message);
    }

    private String sequenceMessage(Link entry, long expected) {
        if (expected == 1) {
            return "the chain starts with " + describe(entry) + " instead of event 1: the first events are missing";
        }
        if (entry.sequence() > expected) {
            return "event " + expected + " is missing: event " + headSequence + " is followed by " + describe(entry)
                    + ", so events were deleted";
        }
        return describe(entry) + " follows event " + headSequence
                + ": the sequence repeats or goes back, so events were inserted or reordered";
    }

    private String linkMessage(Link entry) {
        if (entry.sequence() == 1) {
            return describe(entry) + " does not start from the genesis hash: its recorded previous hash is "
                    + abbreviate(entry.prevHash());
        }
        long previous = entry.sequence() - 1;
        return describe(entry) + " does not link to event " + previous + ": it records previous hash "
                + abbreviate(entry.prevHash()) + " but event " + previous + " hashes to " + abbreviate(headHash)
                + ", so an event before it was altered, removed, inserted or reordered";
    }

    /** The identifying fields of an entry, whichever form its event came in. */
    private record Link(long sequence, String eventId, String prevHash, String hash) {
    }

    private static String describe(Link entry) {
        return "event " + entry.sequence() + " (id " + entry.eventId() + ")";
    }
}
