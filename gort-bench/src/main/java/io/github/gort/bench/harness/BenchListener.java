package io.github.gort.bench.harness;

/** Hears what a {@link BenchRunner} does, as it does it: for progress output and the raw BENCH lines. */
public interface BenchListener {
    /** A program is about to start. */
    void starting(String workload, int run, int runs, Launch launch);

    /** A program printed a BENCH line (already parsed). */
    void result(BenchResult result);

    /** A program failed; {@code message} says what and what to do. */
    void failure(String message);
}
