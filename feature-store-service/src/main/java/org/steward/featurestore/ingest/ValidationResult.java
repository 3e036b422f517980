package org.steward.featurestore.ingest;

import java.time.Instant;
import java.util.List;

/**
 * What validating a whole batch found.
 *
 * @param rows           data rows read
 * @param violationCount every violation, of which {@code violations} holds the first {@value Violations#REPORTED}
 * @param minEventTime   the earliest event time, or null when there is no valid row
 */
public record ValidationResult(long rows, long violationCount, List<Violation> violations, Instant minEventTime,
                               Instant maxEventTime) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violationCount == 0;
    }
}
