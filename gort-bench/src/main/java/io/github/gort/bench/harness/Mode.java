package io.github.gort.bench.harness;

import java.time.Duration;

/** How big a bench run is: run-all.sh's {@code --quick} sizes and 3 runs, or its full sizes and 5 runs. */
public enum Mode {
    /** Small sizes, 3 runs each, 2 minutes per program at most. */
    QUICK(Sizes.QUICK, 3, Duration.ofMinutes(2)),
    /** run-all.sh's default sizes, 5 runs each, 10 minutes per program at most. */
    FULL(Sizes.FULL, 5, Duration.ofMinutes(10));

    private final Sizes sizes;
    private final int runs;
    private final Duration timeout;

    Mode(Sizes sizes, int runs, Duration timeout) {
        this.sizes = sizes;
        this.runs = runs;
        this.timeout = timeout;
    }

    /** The workload sizes. */
    public Sizes sizes() {
        return sizes;
    }

    /** Runs per implementation per workload, unless {@code --runs} says otherwise. */
    public int defaultRuns() {
        return runs;
    }

    /** The per-program timeout, unless {@code --timeout} says otherwise. */
    public Duration defaultTimeout() {
        return timeout;
    }
}
