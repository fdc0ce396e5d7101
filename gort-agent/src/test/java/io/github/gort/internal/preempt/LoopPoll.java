package io.github.gort.internal.preempt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * gort-agent's test stand-in for gort-runtime's {@code LoopPoll}: the class every inserted call names, so that
 * rewritten test classes link (gort-agent depends on nothing, gort-runtime included). It only counts: {@link #poll}
 * adds one, and a test reads how many polls a call of rewritten code made. Tests run one at a time, so one counter
 * serves them all; it is atomic because a fixture may poll on a second thread.
 */
public final class LoopPoll {
    private static final AtomicLong POLLS = new AtomicLong();

    private LoopPoll() {}

    /** What the rewriter inserts: counts one poll. */
    public static void poll() {
        POLLS.incrementAndGet();
    }

    /** Polls so far. */
    public static long count() {
        return POLLS.get();
    }

    /** Starts counting from zero again. */
    public static void reset() {
        POLLS.set(0);
    }
}
