package io.github.gort.internal.preempt;

import io.github.gort.internal.scheduler.Goroutines;

/**
 * The check that gort-agent puts on every loop back-edge of the classes it rewrites (and at the entry of methods
 * that call themselves), so that a goroutine in a loop without runtime calls still yields when asked. Go: the
 * loop rescheduling checks of {@code cmd/compile/internal/ssa/loopreschedchecks.go}, whose target is
 * {@code runtime.goschedguarded}; gort's is {@link Goroutines#goschedguarded}.
 *
 * <p>The fast path is one volatile read of {@link #requested} and a branch (the JIT inlines {@link #poll}): the flag
 * is raised only while some goroutine has a preemption request pending, so a loop that nobody needs to stop pays
 * no more.
 *
 * <h2>The flag's protocol</h2>
 * <pre>
 * who                          does
 * a requester (preemptone:     sets gp.preempt, then raises the flag (both volatile): sysmon after 10 ms,
 *  World.preemptone)            stop-the-world, forEachP and the GC's rounds through them
 * a goroutine's slow path      lowers the flag, then looks at every running goroutine of its runtime and raises
 *  and sysmon (settle:          it again if one other than itself still has a request; then yields if its own is
 *  Goroutines.goschedguarded,   pending
 *  World.settleLoopPoll)
 * </pre>
 * A request is never lost for good: a settle that misses a request made meanwhile lowered the flag before that
 * request raised it (both orders of the volatile accesses end raised), and a settle misled by a stale view of a P
 * costs at most one round, because requesters repeat (sysmon every tick while the slice lasts, a stop-the-world or
 * forEachP every 100 µs while it waits). The flag is one per JVM: runtimes that run side by side share it, and each
 * settles only its own goroutines; the others' requesters raise it again the same way.
 *
 * <p>A thread that is not a goroutine (main, a pool thread, an M loop) takes the slow path while the flag is up and
 * returns from it at once.
 */
public final class LoopPoll {
    private static volatile boolean requested;

    private LoopPoll() {}

    /** The back-edge check (called by rewritten code only). */
    public static void poll() {
        if (requested) {
            Goroutines.goschedguarded();
        }
    }

    /** A goroutine has a preemption request: loop polls take the slow path until a settle lowers this. */
    public static void raise() {
        requested = true;
    }

    /** Lowers the flag; the caller (a settle) then raises it again if a request is still pending. */
    public static void lower() {
        requested = false;
    }

    /** Whether loop polls take the slow path now (racy: for tests and dumps). */
    public static boolean raised() {
        return requested;
    }
}
