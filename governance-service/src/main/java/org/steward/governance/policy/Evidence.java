package org.steward.governance.policy;

import java.util.UUID;

/** The latest evidence row for a version's artifact: where the gates' inputs come from. */
public record Evidence(UUID id, GateInputs inputs, String reportSha256) {
}
