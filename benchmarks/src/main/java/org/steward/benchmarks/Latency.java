package org.steward.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The latencies of one timed path, in milliseconds: the median, the 99th percentile and the slowest call. Percentiles
 * are nearest-rank (the smallest latency that at least that share of calls did not exceed), as the Python sides of
 * the benchmarks compute them too.
 */
record Latency(double p50, double p99, double max, int iterations) {

    static Latency of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(rank(sorted, 0.50) / 1e6, rank(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6,
                sorted.length);
    }

    /** The nearest-rank percentile {@code share} of ascending {@code sorted}. */
    static long rank(long[] sorted, double share) {
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }

    /** The warm-up calls before {@code iterations} timed ones: enough for the JIT to compile the path. */
    static int warmUp(int iterations) {
        return Math.max(2_000, iterations / 4);
    }

    /** Times {@code call} one call at a time after a warm-up; the results feed a sink so none is optimised away. */
    static Latency time(int iterations, Supplier<?> call) {
        int sink = 0;
        for (int i = 0; i < warmUp(iterations); i++) {
            sink += call.get().hashCode();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            sink += call.get().hashCode();
            nanos[i] = System.nanoTime() - start;
        }
        if (sink == 42) {
            System.out.print("");
        }
        return of(nanos);
    }
}
