package org.steward.governance.evidence;

import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * The evidence row the gates read: its id, the gate inputs as stored, and the latest PDF validation report rendered
 * from it (null before the first rendering).
 */
public record EvidenceRecord(UUID id, JsonNode gateInputs, String reportSha256) {
}
