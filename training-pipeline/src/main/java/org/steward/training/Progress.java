package org.steward.training;

import java.time.Duration;

/** Where a run reports each finished step, e.g. a command line printing to stderr, or a CI log. */
@FunctionalInterface
public interface Progress {

    /** Reports nothing. */
    Progress NONE = (step, detail, took) -> {
    };

    /**
     * @param step   a short name: {@code snapshot}, {@code split}, {@code fit}, {@code evaluate}, {@code register}, …
     * @param detail what it did, in a sentence
     * @param took   how long it took
     */
    void step(String step, String detail, Duration took);
}
