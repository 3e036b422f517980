package org.steward.training;

import java.time.Duration;

/** One finished step of a run: its name, what it did, and how long it took. */
public record Step(String name, String detail, Duration took) {
}
