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
