package io.github.gort.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a report was made on: OS, CPU model and count, memory, and the Java and Go versions used.
 *
 * @param os          {@code os.name} and {@code os.version}
 * @param arch        {@code os.arch}
 * @param cpus        available processors
 * @param cpuModel    the first {@code model name} of /proc/cpuinfo, or "unknown"
 * @param memoryBytes MemTotal of /proc/meminfo, or -1 when unknown
 * @param java        the running JVM: vendor and version
 * @param go          what {@code go version} printed, or a note that Go did not run
 */
public record MachineInfo(String os, String arch, int cpus, String cpuModel, long memoryBytes, String javaVersion,
                          String go) {
    /** Describes this machine; {@code go} is the Go version line or the reason Go did not run. */
    public static MachineInfo current(String go) {
        return new MachineInfo(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse("unknown"),
                procField("/proc/meminfo", "MemTotal").map(MachineInfo::kilobytes).orElse(-1L),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"), go);
    }

    /** One line for reports: {@code 2 x Intel(R) Xeon(R) ..., 24.0 GiB, Linux 6.1 amd64}. */
    public String summary() {
        String mem = memoryBytes > 0 ? String.format(Locale.ROOT, "%.1f GiB", memoryBytes / 1073741824.0)
                : "memory unknown";
        return cpus + " x " + cpuModel + ", " + mem + ", " + os + " " + arch;
    }

    private static Optional<String> procField(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();  // not Linux, or unreadable: the report says "unknown"
        }
    }

    private static long kilobytes(String v) {
        return Long.parseLong(v.replaceAll("\\D", "")) * 1024;
    }
}
