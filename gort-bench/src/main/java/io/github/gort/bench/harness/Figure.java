package io.github.gort.bench.harness;

/**
 * The number a workload is judged by in the table: a key of its BENCH lines, and its unit. Every figure the
 * workloads report is lower-is-better, so a ratio gort/peer below 1 means gort did better.
 *
 * @param key  the BENCH key, e.g. {@code ns_per_op}
 * @param unit how to read it, e.g. {@code ns/op}
 */
public record Figure(String key, String unit) {
    /** Nanoseconds per operation, the median of the program's in-process repetitions. */
    public static final Figure NS_PER_OP = new Figure("ns_per_op", "ns/op");
    /** Resident bytes per parked goroutine (RSS or Sys delta over the count). */
    public static final Figure BYTES_PER_G = new Figure("bytes_per_g", "bytes/G");
    /** CPU work time with blockers over time alone. */
    public static final Figure SLOWDOWN = new Figure("slowdown", "x alone");
    /** 99th percentile lateness of a 1 ms sleeper. */
    public static final Figure P99_US = new Figure("p99_us", "us");
    /** Wall time of the whole program. */
    public static final Figure WALL_MS = new Figure("wall_ms", "ms");
}
