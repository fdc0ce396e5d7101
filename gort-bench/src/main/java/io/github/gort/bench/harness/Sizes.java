package io.github.gort.bench.harness;

import java.util.List;

/**
 * The workload sizes, the same as {@code peers/run-all.sh} uses, so that every implementation does the same work.
 *
 * @param n       goroutines for spawn and parked, round trips for pingpong ({@code N})
 * @param nb      items for chan-buffered, calls for syscall-fast ({@code NB})
 * @param depth   binarytrees' maximum depth ({@code D})
 * @param iters   CPU iterations for syscall-block-handoff ({@code IT})
 * @param durMs   how long schedlatency's spinners run, in milliseconds ({@code DURMS}; Go takes it as {@code -dur})
 * @param echoArgs echo.sh's size arguments for tcp-echo, as run-all.sh passes them ({@code --quick}: 200
 *                 connections, 1 s; none: 1,000 connections of 64-byte messages, 3 s)
 */
public record Sizes(long n, long nb, int depth, long iters, long durMs, List<String> echoArgs) {
    /** run-all.sh --quick. */
    public static final Sizes QUICK = new Sizes(100_000, 1_000_000, 16, 100_000_000, 1000, List.of("--quick"));
    /** run-all.sh without --quick. */
    public static final Sizes FULL = new Sizes(1_000_000, 10_000_000, 21, 200_000_000, 2000, List.of());

    /** Copies echoArgs. */
    public Sizes {
        echoArgs = List.copyOf(echoArgs);
    }

    /** The duration in Go's flag syntax, as run-all.sh passes it ({@code 1s}, {@code 2s}). */
    public String goDuration() {
        return durMs % 1000 == 0 ? (durMs / 1000) + "s" : durMs + "ms";
    }
}
