package org.steward.featurestore.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch as the store keeps it: every batch offered, accepted or not, with its original content.
 *
 * @param source          {@code upload}, or {@code kafka:<topic>} for the messages of one poll of a stream source
 * @param rows            data rows in the content
 * @param violationCount  every violation found; {@code report} holds the first {@value Violations#REPORTED}
 * @param minEventTime    the earliest event time landed, or null for a batch that did not land
 * @param replayOf        the quarantined batch this one is a corrected version of, or null
 * @param replayedBy      for a replayed batch, the accepted batch that replaced it
 */
public record Batch(UUID id, String view, int version, BatchFormat format, String source, Status status, long rows,
                    long violationCount, List<Violation> report, Instant minEventTime, Instant maxEventTime,
                    long contentBytes, String contentSha256, Instant createdAt, String createdBy, UUID replayOf,
                    UUID replayedBy) {

    public enum Status {
        /** Landed in the offline store. */
        ACCEPTED,
        /** Refused whole and kept, to be fixed and replayed. */
        QUARANTINED,
        /** Was quarantined; a corrected version of it, or of another attempt at the same data, has since been accepted. */
        REPLAYED
    }

    public Batch {
        report = report == null ? List.of() : List.copyOf(report);
    }
}
