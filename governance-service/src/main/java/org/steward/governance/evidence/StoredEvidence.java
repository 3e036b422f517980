package org.steward.governance.evidence;

import java.time.Instant;
import java.util.UUID;

/** One evidence row whole: who computed it when, for which artifact, and what it found. */
public record StoredEvidence(UUID id, String model, int version, String artifactSha256, String reportSha256,
                             Evidence body, Instant createdAt, String createdBy) {

    public EvidenceRecord record() {
        return new EvidenceRecord(id, body.gateInputs().toJson(), reportSha256);
    }
}
