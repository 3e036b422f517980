package org.steward.governance.inventory;

import org.steward.governance.approval.GovernanceFacts.ExceptionView;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One model in the inventory, as a regulator reviews it.
 *
 * @param latestVersionStatus the registry's lifecycle status of the latest version
 * @param latestVersionState  the governance state of the latest version
 * @param lastValidatedOn     the day any version of the model was last validated; null if never
 * @param nextReviewDue       last validation plus the tier's review period; null if never validated
 * @param openFindings        open findings on any version, by severity
 * @param gateStatus          of the latest version: {@code passed}, {@code excepted} (failing gates all covered
 *                            by exceptions), {@code failed} or {@code not evaluated}
 * @param failingGates        failing gates of the latest version without an exception
 * @param activeExceptions    exceptions in force, on any version
 */
public record InventoryEntry(String model, String useCase, int riskTier, String owner, Integer championVersion,
                             Integer latestVersion, String latestVersionStatus, String latestVersionState,
                             LocalDate lastValidatedOn, LocalDate nextReviewDue, boolean reviewOverdue,
                             Map<String, Long> openFindings, String gateStatus, List<String> failingGates,
                             List<VersionException> activeExceptions) {

    /** An exception in force, with the version it covers. */
    public record VersionException(int version, ExceptionView exception) {
    }
}
