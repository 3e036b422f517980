package org.steward.benchmarks;

import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a figure was measured on, printed and stored beside it: a rate means nothing without the machine.
 *
 * @param cores       processors available to the JVM
 * @param memoryBytes physical memory (as the JVM sees it, so a container's limit)
 * @param maxHeapBytes the JVM's heap limit, shared by the five services and the Kafka broker
 * @param loadBefore  the one-minute load average before the benchmark started: other processes competing for
 *                    the cores make every figure lower, so a busy machine is said beside them
 */
public record Machine(int cores, long memoryBytes, String cpu, String os, String jdk, long maxHeapBytes,
                      String postgresql, String kafka, double loadBefore) {

    /** The one-minute load average now (negative where the system does not say). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * CPU-seconds every process on the machine has spent so far — user and system time, with that of their reaped
     * children — summed from each process's {@code /proc/<pid>/stat}; NaN where the system has no {@code /proc}.
     * Taken before and after a run, it measures what the run cost every process (client, services, PostgreSQL,
     * Kafka, a peer's workers), which varies far less from run to run than a latency's tail does. Per-process
     * counts are used because this VM's per-core totals in {@code /proc/stat} miss most of the busy time.
     */
    static double cpuSecondsOfAllProcesses() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            long ticks = processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(Machine::ticks).sum();
            return ticks / 100.0;  // USER_HZ is 100 on every Linux ABI
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime + cutime + cstime of one process, 0 when it has gone meanwhile. */
    private static long ticks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            // the command name may hold spaces and parentheses: the fields proper start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static Machine describe(String postgresVersion, double loadBefore) {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                procLine(Path.of("/proc/cpuinfo"), "model name", ':').orElse(System.getProperty("os.arch")),
                operatingSystem(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory(), postgresVersion, AppInfoParser.getVersion(), loadBefore);
    }

    /** The machine for a benchmark that runs in this JVM alone, without PostgreSQL or Kafka (null there). */
    static Machine describeInProcess(double loadBefore) {
        Machine machine = describe(null, loadBefore);
        return new Machine(machine.cores, machine.memoryBytes, machine.cpu, machine.os, machine.jdk,
                machine.maxHeapBytes, null, null, loadBefore);
    }

    /** One line for the report's header. */
    String summary() {
        String servers = postgresql == null ? "" : String.format(Locale.ROOT, " PostgreSQL %s, Kafka %s;", postgresql,
                kafka);
        return String.format(Locale.ROOT, "%d cores, %s memory, %s; %s; JDK %s (heap limit %s);%s"
                        + " load average before the run %.1f",
                cores, gib(memoryBytes), cpu, os, jdk, gib(maxHeapBytes), servers, loadBefore);
    }

    /** Whether other processes were already using a good part of the cores when the benchmark started. */
    boolean busy() {
        return loadBefore > cores / 2.0;
    }

    /** The note a latency report carries when {@link #busy()}, or null. */
    String busyLatencyNote() {
        return !busy() ? null : String.format(Locale.ROOT, "The machine was busy before the run (load average %.1f on"
                + " %d cores): other processes competed for the cores, so these latencies, the tail above all,"
                + " overstate what the code needs.", loadBefore, cores);
    }

    private static String gib(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String operatingSystem() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return procLine(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(d -> d.replace("\"", "") + ", " + kernel)
                .orElse(kernel);
    }

    /** The value of the first {@code key<separator>value} line of a system file, if it has one. */
    private static Optional<String> procLine(Path file, String key, char separator) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key) && l.indexOf(separator) > 0)
                    .map(l -> l.substring(l.indexOf(separator) + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
