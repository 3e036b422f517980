package org.steward.featurestore.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** How an offered batch ended: landed whole, or refused whole and quarantined. */
public sealed interface IngestOutcome {

    UUID batchId();

    /** Every row landed in the offline store of {@code view}@{@code version}. */
    record Accepted(UUID batchId, String view, int version, long rows, Instant minEventTime, Instant maxEventTime,
                    UUID replayOf) implements IngestOutcome {
    }

    /** Nothing landed; the batch is kept with its report until it is replayed. */
    record Quarantined(UUID batchId, String view, int version, long rows, long violationCount,
                       List<Violation> report) implements IngestOutcome {

        public Quarantined {
            report = List.copyOf(report);
        }
    }
}
