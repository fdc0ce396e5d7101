package io.github.gort.internal.preempt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * gort-agent's test stand-in for gort-runtime's {@code LoopPoll}: the class every inserted call names, so that
 * rewritten test classes link (gort-agent depends on nothing, gort-runtime included). It only counts: {@link #poll}
 * adds one, and a test reads how many polls a call of rewritten code made; a test may also have one poll throw, as
 * an exception raised where the runtime yields would. Tests run one at a time, so one counter serves them all; it
 * is atomic because a fixture may poll on a second thread.
 */
public final class LoopPoll {
    private static final AtomicLong POLLS = new AtomicLong();
    /** The number of the poll that throws, or 0: none. */
    private static volatile long failing;

    private LoopPoll() {}

    /** What the rewriter inserts: counts one poll; throws if it is the one {@link #failAt} named. */
    public static void poll() {
        long n = POLLS.incrementAndGet();
        if (n == failing) {
            throw new IllegalStateException("poll " + n + " failed (injected by the test)");
        }
    }

    /** Makes the nth poll from the last {@link #reset} throw an IllegalStateException. */
    public static void failAt(long nth) {
        failing = nth;
    }

    /** Polls so far. */
    public static long count() {
        return POLLS.get();
    }

    /** Starts counting from zero again, with no poll failing. */
    public static void reset() {
        failing = 0;
        POLLS.set(0);
    }
}
