package io.github.gort.bench.harness;

/**
 * A number a workload is judged by in the table: a key of its BENCH lines, its unit, and which way is better.
 * Almost every figure is lower-is-better (time, bytes, lateness); tcp-echo's round trips per second is the one
 * higher-is-better figure. A ratio is always {@code gort/peer} of the medians, so below 1 means gort did better for
 * a lower-is-better figure and worse for a higher-is-better one; the chart turns the latter around.
 *
 * @param key    the BENCH key, e.g. {@code ns_per_op}
 * @param unit   how to read it, e.g. {@code ns/op}
 * @param better which way is better
 */
public record Figure(String key, String unit, Better better) {
    /** Which way a figure is better. */
    public enum Better {
        /** Smaller is better: time, bytes, lateness, counts of errors and threads. */
        LOWER,
        /** Larger is better: throughput. */
        HIGHER
    }

    /** A lower-is-better figure. */
    public Figure(String key, String unit) {
        this(key, unit, Better.LOWER);
    }

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
    /** tcp-echo (echoload): round trips per second over all connections. */
    public static final Figure ROUND_TRIPS_PER_S = new Figure("rps", "round trips/s, higher is better", Better.HIGHER);
    /** tcp-echo (echoload): median round-trip latency. */
    public static final Figure P50_LATENCY_US = new Figure("p50_us", "us");
    /** tcp-echo (echoload): 99th percentile round-trip latency. */
    public static final Figure P99_LATENCY_US = new Figure("p99_us", "us");
    /** tcp-echo (echoload): the server's resident bytes per idle connection (RSS delta over the count). */
    public static final Figure BYTES_PER_CONN = new Figure("bytes_per_conn", "bytes/conn");
    /** tcp-echo (echoload): the server's threads (/proc status) with every connection open. */
    public static final Figure THREADS = new Figure("threads", "threads");
    /** tcp-echo (echoload): round trips that failed or came back wrong. */
    public static final Figure ERRORS = new Figure("errors", "count");

    /** True for a lower-is-better figure. */
    public boolean lowerIsBetter() {
        return better == Better.LOWER;
    }

    /** The table's figure column: {@code ns_per_op (ns/op)}. */
    public String heading() {
        return key + " (" + unit + ")";
    }
}
