/**
 * gort's side of the side-by-side workloads, the harness that runs them next to the Go and JDK peers
 * ({@code ./gort bench}), and the JMH microbenchmarks (some of them of the runtime's internals, through the
 * runtime module's qualified exports).
 */
module io.github.gort.bench {
    requires io.github.gort.runtime;
    requires jmh.core;
    requires HdrHistogram;

    exports io.github.gort.bench.harness;
    exports io.github.gort.bench.workloads;
    exports io.github.gort.bench.jmh;
}
