package io.github.gort.internal.scheduler;

/**
 * {@code sched.lock}: the scheduler's global lock (Go: runtime2.go {@code schedt.lock}). It guards the idle P and
 * idle M lists, the global run queue, the global G free list, and the stop-the-world and forEachP counters.
 * Not reentrant, as in Go (taking it twice is fatal in debug mode). Held only across steps that never yield.
 */
public final class SchedLock extends RuntimeLock {
    @Override
    String name() {
        return "sched.lock";
    }
}
