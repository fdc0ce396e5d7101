package io.github.gort.internal.metrics;

import io.github.gort.internal.scheduler.G;

/**
 * The accounting behind {@code /sync/mutex/wait/total:seconds}: time goroutines spent parked waiting for a
 * {@code sync.Mutex} or {@code sync.RWMutex} (Go: sema.go semacquire1's blocking time, sched.totalMutexWaitTime).
 * Only waits that parked are counted, as in Go: spinning and the fast path are not. Stateless; the sum is the
 * runtime's LongAdder ({@code Sched.Stats.mutexWaitNanos}).
 */
public final class MutexWait {
    private MutexWait() {}

    /**
     * The calling goroutine was parked on a mutex from sinceNanos (System.nanoTime) until now. A caller that is
     * not a goroutine (a model test's parker) is not counted. Caller: Mutex and RWMutex after their semaphore wait.
     */
    public static void parked(long sinceNanos) {
        G gp = G.current();
        if (gp != null) {
            gp.sched.stats.mutexWaitNanos.add(System.nanoTime() - sinceNanos);
        }
    }
}
