package org.steward.featurestore.trainingset;

import org.steward.featurestore.job.Progress;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a build on a thread of its own and passes its progress on from the calling thread. A job records progress
 * with whatever transaction is bound to the reporting thread; a build's thread holds the snapshot's transaction,
 * busy with a COPY, whose progress nobody else could see before the commit anyway.
 */
final class ProgressRelay implements Progress {

    private static final long INTERVAL_MS = 500;

    private record State(long done, Long total, String message) {
    }

    private volatile State latest;

    private ProgressRelay() {
    }

    @Override
    public void update(long done, Long total, String message) {
        latest = new State(done, total, message);
    }

    /** Runs {@code work} with a relay as its progress, reporting to {@code target} until it ends. */
    static <T> T run(Progress target, Work<T> work) throws Exception {
        ProgressRelay relay = new ProgressRelay();
        ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("training-set-build").factory());
        try {
            Future<T> result = thread.submit((Callable<T>) () -> work.run(relay));
            State reported = null;
            while (true) {
                try {
                    return result.get(INTERVAL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    State state = relay.latest;
                    if (state != null && state != reported) {
                        target.update(state.done(), state.total(), state.message());
                        reported = state;
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            thread.shutdownNow();
        }
    }

    /** The work, given the progress to report to. */
    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }
}
