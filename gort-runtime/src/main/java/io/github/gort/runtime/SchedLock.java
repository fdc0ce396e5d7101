package io.github.gort.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code sched.lock}: the scheduler's global lock (Go: runtime2.go {@code schedt.lock}). It guards the idle P and
 * idle M lists, the global run queue, the global G free list, and the stop-the-world and forEachP counters.
 *
 * <p>Not reentrant in Go, so taking it twice is fatal in debug mode. Held only on an M's own thread outside any
 * goroutine switch: code that holds it never yields a continuation. Java's lock parks the M under contention,
 * as Go's runtime mutex sleeps on a futex; the critical sections are short.
 */
final class SchedLock {
    private final ReentrantLock lock = new ReentrantLock();

    void lock() {
        if (Debug.CHECKS && lock.isHeldByCurrentThread()) {
            throw new FatalError("lock: sched.lock is already held by this thread (it is not reentrant)");
        }
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Debug-mode precondition check: {@code "where: sched.lock not held"}. */
    void assertHeld(String where) {
        if (Debug.CHECKS && !lock.isHeldByCurrentThread()) {
            throw new FatalError(where + ": sched.lock must be held");
        }
    }
}
