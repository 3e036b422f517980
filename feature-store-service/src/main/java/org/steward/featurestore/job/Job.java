package org.steward.featurestore.job;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * A long-running piece of work as callers see it: how far it got, and its result or the reason it failed.
 *
 * @param total the amount of work when known (rows, entities), else null
 */
public record Job(UUID id, String kind, State state, long done, Long total, String message, JsonNode result,
                  String error, Instant createdAt, String createdBy, Instant startedAt, Instant finishedAt) {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }
}
