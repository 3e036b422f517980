package org.steward.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Times each step of a run, reports it as it finishes, and keeps the timings for the run's record. */
final class Steps {

    private final Progress progress;
    private final List<Step> done = new ArrayList<>();

    Steps(Progress progress) {
        this.progress = progress;
    }

    /** Runs {@code work}, then reports {@code name} with the detail {@code describe} gives of its result. */
    <T> T run(String name, Supplier<T> work, Function<T, String> describe) {
        long start = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Step step = new Step(name, describe.apply(result), took);
        done.add(step);
        progress.step(step.name(), step.detail(), step.took());
        return result;
    }

    List<Step> done() {
        return List.copyOf(done);
    }
}
