package io.github.gort.internal.scheduler;

/**
 * A function that {@code forEachP} runs once for every P, as that P's owner (Go: sched.safePointFn). It runs
 * with sched.lock possibly held (for idle Ps, and in handoffp), so it must not block, take sched.lock, or yield.
 * Disposing a P's gcWork and flushing its allocation cache qualify.
 */
@FunctionalInterface
public interface SafePointFn {
    void run(P pp);
}
