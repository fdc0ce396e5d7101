package io.github.gort.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counting semaphore for goroutines: {@link #acquire} parks the goroutine, never its M (Go: sema.go
 * semacquire, semrelease; the basis of Go's sync package and of {@code worldsema}).
 *
 * <pre>
 * field    writer                                 mode
 * count    acquire (CAS down), release (add)      atomic
 * nwait    under lock; read racily by release      atomic
 * waiters  under lock                              plain
 * </pre>
 * Invariant: a goroutine is on {@code waiters} only while WAITING in acquire. A woken goroutine retries the
 * count (Go's behaviour without handoff), so a release is never lost: either the releaser sees {@code nwait > 0}
 * and wakes a waiter, or the waiter's re-check under the lock sees the released count.
 *
 * <p>The lock is a {@link RuntimeLock}: held only across non-blocking steps, and released by gopark's unlock
 * callback on the M loop after the G yielded.
 */
public final class Sema {
    private final AtomicInteger count;
    private final AtomicInteger nwait = new AtomicInteger();
    private final RuntimeLock lock = new RuntimeLock();
    private final ArrayDeque<G> waiters = new ArrayDeque<>();

    public Sema(int initial) {
        if (initial < 0) {
            throw new IllegalArgumentException("Sema: negative initial count " + initial);
        }
        count = new AtomicInteger(initial);
    }

    private boolean cansemacquire() {
        while (true) {
            int v = count.get();
            if (v == 0) {
                return false;
            }
            if (count.compareAndSet(v, v - 1)) {
                return true;
            }
        }
    }

    /** Takes one unit, parking the current goroutine until one is free. Caller runs a goroutine. Go: semacquire. */
    public void acquire() {
        if (cansemacquire()) {
            return;
        }
        M mp = Park.goroutineM("Sema.acquire");
        while (true) {
            lock.lock();
            nwait.incrementAndGet();
            if (cansemacquire()) {
                nwait.decrementAndGet();
                lock.unlock();
                return;
            }
            G gp = mp.curg;
            waiters.addLast(gp);
            mp.sched.park.gopark(mp, Sema::unlockAfterPark, this, "semacquire");
            mp = M.current();                             // may resume on another M
            if (cansemacquire()) {
                return;
            }
        }
    }

    private static boolean unlockAfterPark(G gp, Object sema) {
        ((Sema) sema).lock.unlock();
        return true;
    }

    /** Returns one unit and wakes a waiter if there is one. Any thread. Go: semrelease. */
    public void release() {
        count.incrementAndGet();
        if (nwait.get() == 0) {
            return;
        }
        G gp;
        lock.lock();
        try {
            if (nwait.get() == 0) {
                return;
            }
            gp = waiters.pollFirst();
            if (gp == null) {
                return;                                  // the waiter is between nwait++ and enqueue: it re-checks
            }
            nwait.decrementAndGet();
        } finally {
            lock.unlock();
        }
        gp.sched.park.goready(gp);
    }
}
