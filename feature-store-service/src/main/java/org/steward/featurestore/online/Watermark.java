package org.steward.featurestore.online;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How far a view version has been materialised, so the next incremental run reads only what is new: every
 * offline row created before {@code createdBefore} with an event time up to {@code eventTimeEnd} is already in
 * the store (or superseded there).
 */
public record Watermark(Instant createdBefore, Instant eventTimeEnd) {

    public Watermark {
        createdBefore = createdBefore.truncatedTo(ChronoUnit.MICROS);
        eventTimeEnd = eventTimeEnd.truncatedTo(ChronoUnit.MICROS);
    }
}
