package io.github.gort.agenttest;

import java.util.Arrays;

/** The durations of a test's rounds, and the figures printed for the report (p50, max, in ms). */
final class RoundTimes {
    private final long[] nanos;
    private int count;

    RoundTimes(int rounds) {
        this.nanos = new long[rounds];
    }

    /** Times one round of what. */
    void time(Runnable what) {
        long t = System.nanoTime();
        what.run();
        nanos[count++] = System.nanoTime() - t;
    }

    int count() {
        return count;
    }

    long p50Nanos() {
        long[] s = sorted();
        return s.length == 0 ? 0 : s[(s.length - 1) / 2];
    }

    long maxNanos() {
        long[] s = sorted();
        return s.length == 0 ? 0 : s[s.length - 1];
    }

    /** One line: what, the case, how many rounds, p50 and max in ms. */
    String summary(String what) {
        return String.format("%s: rounds=%d p50=%.2f ms max=%.2f ms", what, count, p50Nanos() / 1e6,
                maxNanos() / 1e6);
    }

    private long[] sorted() {
        long[] s = Arrays.copyOf(nanos, count);
        Arrays.sort(s);
        return s;
    }
}
