package io.github.gort.bench.workloads;

import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoroutineMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times gort workloads the way the JDK peers' {@code Bench} does, and prints their BENCH lines with
 * {@code impl=gort} (the default goroutine mode, virtual threads) or {@code impl=gort-continuation} (with
 * {@code GODEBUG=goroutines=continuation}), the mode {@link Config#fromEnvironment()} selects for the workload, or
 * {@code impl=gort-traced} with the execution trace on ({@code -Dgort.bench.trace=true}, see MainGoroutine):
 * {@code -Dwarmups=} warm-up runs (default 3, for the JIT), then {@code -Dreps=} timed runs (default 5) each
 * after a {@code System.gc()}, reporting the median and the min and max per op.
 */
public final class Measure {
    /** The body of a timed repetition. */
    @FunctionalInterface
    public interface Body {
        /** Does the work once. */
        void run() throws Exception;
    }

    private Measure() {}

    /** Runs {@code body} warm-ups plus reps times and prints one line with ns_per_op, min_ns_per_op, max_ns_per_op. */
    public static void run(String name, int procs, long ops, Body body) throws Exception {
        int reps = Integer.getInteger("reps", 5);
        int warmups = Integer.getInteger("warmups", 3);
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        long[] ns = new long[reps];
        for (int i = 0; i < reps; i++) {
            System.gc();
            long t = System.nanoTime();
            body.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        line(name, procs, ops, Map.of(
                "ns_per_op", String.format(Locale.ROOT, "%.1f", ns[reps / 2] / (double) ops),
                "min_ns_per_op", String.format(Locale.ROOT, "%.1f", ns[0] / (double) ops),
                "max_ns_per_op", String.format(Locale.ROOT, "%.1f", ns[reps - 1] / (double) ops)));
    }

    /** Prints {@code BENCH name=.. impl=<implLabel> procs=.. n=.. key=value...}, keys sorted, like the peers. */
    public static void line(String name, int procs, long ops, Map<String, String> kv) {
        StringBuilder b = new StringBuilder("BENCH name=").append(name).append(" impl=").append(implLabel())
                .append(" procs=").append(procs).append(" n=").append(ops);
        new TreeMap<>(kv).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        System.out.println(b);
    }

    /**
     * The {@code impl=} of this JVM's lines: {@code gort} in the virtual-thread mode, {@code gort-continuation} in
     * the continuation mode, as the environment selects it for the workloads' {@code Config.fromEnvironment()}
     * (the workload's own Config has printed any GODEBUG warning already, so this reading prints none).
     */
    public static String implLabel() {
        GoroutineMode mode = Config.fromEnvironment(System.getenv(), System::getProperty, warning -> { })
                .goroutineMode();
        if (traced()) {
            if (mode != GoroutineMode.VIRTUAL_THREAD) {
                throw new IllegalStateException("-Dgort.bench.trace=true is for the default goroutine mode only");
            }
            return "gort-traced";
        }
        return implLabel(mode);
    }

    /** True when this JVM runs its workload with the execution trace on ({@code -Dgort.bench.trace=true}). */
    static boolean traced() {
        return Boolean.getBoolean("gort.bench.trace");
    }

    /** The {@code impl=} for workloads run in {@code mode}; the harness's Impl labels match these. */
    public static String implLabel(GoroutineMode mode) {
        return switch (mode) {
            case VIRTUAL_THREAD -> "gort";
            case CONTINUATION -> "gort-continuation";
        };
    }

    /** Argument {@code i} as a number (underscores allowed, as the JDK peers allow), or {@code dflt}. */
    public static long arg(List<String> args, int i, long dflt) {
        return args.size() > i ? Long.parseLong(args.get(i).replace("_", "")) : dflt;
    }

    /** GOMAXPROCS from the environment, as Go reads it, else the number of CPUs. */
    public static int gomaxprocs() {
        String v = System.getenv("GOMAXPROCS");
        if (v != null && !v.isBlank()) {
            try {
                int p = Integer.parseInt(v.trim());
                if (p > 0) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // Go ignores a malformed GOMAXPROCS too, and uses the CPU count.
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
