package org.steward.benchmarks;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CPU figure of the latency benchmarks counts this JVM's own work, and only the time it really spent. */
class MachineTest {

    @Test
    void cpuOfAllProcessesCountsWhatThisJvmBurns() {
        double before = Machine.cpuSecondsOfAllProcesses();
        assumeTrue(!Double.isNaN(before), "this system has no /proc");
        long ownBefore = ownCpuNanos();
        long sink = 0;
        while (ownCpuNanos() - ownBefore < 300_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                sink += Long.rotateLeft(sink ^ i, 7);
            }
        }
        double spent = Machine.cpuSecondsOfAllProcesses() - before;
        assertThat(sink).isNotZero();
        // at least this JVM's 0.3 s (less a tick of rounding), and not the wall time of every core
        assertThat(spent).isGreaterThanOrEqualTo(0.28).isLessThan(30);
    }

    private static long ownCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
