package org.steward.commons.audit.chain;

/**
 * What an auditor learns from an export.
 *
 * @param chain               intact, or the first break (including a bad signature or a malformed file)
 * @param checkpointsVerified checkpoints whose signatures verified with the trusted key
 * @param latestCheckpoint    the verified checkpoint with the highest sequence, or null if none
 */
public record ExportVerification(ChainVerification chain, int checkpointsVerified, Checkpoint latestCheckpoint) {
}
