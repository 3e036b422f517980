package org.steward.commons.audit.chain;

/** The outcome of checking an audit chain: intact, or the first place where it is broken and why. */
public sealed interface ChainVerification {

    default boolean intact() {
        return this instanceof Intact;
    }

    /**
     * Every entry links to its predecessor and matches its hash and every trusted checkpoint.
     *
     * @param count        entries checked
     * @param headSequence sequence of the last entry (0 for an empty chain)
     * @param headHash     hash of the last entry ({@link AuditChain#GENESIS_HASH} for an empty chain)
     */
    record Intact(long count, long headSequence, String headHash) implements ChainVerification {
    }

    /**
     * The first break found; later entries were not examined.
     *
     * @param checked  entries examined, the offending one included
     * @param sequence sequence of the offending entry (for {@link Problem#TRUNCATED}, the first missing one;
     *                 for a checkpoint signature, the checkpoint's sequence; 0 when nothing can be located)
     * @param eventId  id of the offending entry, or null when the problem is not an entry's
     * @param problem  what kind of break this is
     * @param message  one sentence for a human that locates and explains the break
     */
    record Broken(long checked, long sequence, String eventId, Problem problem, String message)
            implements ChainVerification {
    }

    enum Problem {
        /** A sequence number is not the previous one plus one: entries were deleted, inserted or reordered. */
        SEQUENCE_GAP,
        /** An entry's recorded previous hash is not its predecessor's hash. */
        LINK_BROKEN,
        /** An entry's content does not hash to its recorded hash. */
        CONTENT_ALTERED,
        /** The chain's hash at a signed checkpoint differs from the signed head hash: it was rewritten. */
        CHECKPOINT_MISMATCH,
        /** The chain ends before a signed checkpoint: its tail was removed. */
        TRUNCATED,
        /** A checkpoint's signature does not verify with the trusted key. */
        BAD_SIGNATURE,
        /** The input cannot be read as a chain at all. */
        MALFORMED
    }
}
