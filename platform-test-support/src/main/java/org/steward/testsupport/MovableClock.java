package org.steward.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that tests move: a base clock (fixed, or the system's) shifted by an offset they set or advance, or
 * held at one instant until released, so that tokens, caches and ttls can be taken past their limits without
 * waiting, and a service can be made to see the world as of a time T.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private volatile Instant held;

    private MovableClock(Clock base) {
        this.base = base;
    }

    /** Stands still at {@code start} until moved. */
    public static MovableClock at(Instant start) {
        return new MovableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** Runs with the system clock, shifted by the offset. */
    public static MovableClock system() {
        return new MovableClock(Clock.systemUTC());
    }

    public void advance(Duration duration) {
        offset.updateAndGet(current -> current.plus(duration));
    }

    public void setOffset(Duration duration) {
        offset.set(duration);
    }

    /** Stops the clock at {@code instant} until {@link #release()}. */
    public void holdAt(Instant instant) {
        held = instant;
    }

    /** Lets the clock run again from its base and offset. */
    public void release() {
        held = null;
    }

    @Override
    public Instant instant() {
        Instant now = held;
        return now != null ? now : base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
