package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.GStatus;
import io.github.gort.internal.scheduler.GoParker;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Parker;
import io.github.gort.internal.scheduler.RuntimeLock;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoRuntime;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counting semaphore for goroutines: {@link #acquire} parks the goroutine, never its M (Go: sema.go
 * semacquire1, semrelease1; the basis of Go's sync package and of {@code worldsema}).
 *
 * <pre>
 * field          writer                                 mode
 * count          acquire (CAS down), release (add)      atomic
 * nwait          under lock; read racily by release      atomic
 * head, tail     under lock                              plain (a queue of sudogs through next)
 * sudog.ticket   the releaser, before ready (handoff)   plain, published by ready
 * </pre>
 * Invariants:
 * <ol>
 * <li>I1 a sudog is on the queue only while its waiter is parked (or about to park) in acquire.
 * <li>I2 a release is never lost: either the releaser sees {@code nwait > 0} and wakes a waiter, or the waiter's
 *     re-check of count under the lock sees the released unit.
 * <li>I3 handoff: {@link #releaseHandoff} takes the unit itself on the woken waiter's behalf (ticket = 1) and yields
 *     so that waiter runs next; that waiter returns without touching count. Without handoff a woken waiter retries
 *     count and may lose it to a barger, then queues again (LIFO if it asked).
 * </ol>
 * The lock is a {@link RuntimeLock}: held only across non-blocking steps, and released by gopark's unlock
 * callback on the M loop after the G yielded ({@link GoParker}). Model tests plug in another {@link Parker}.
 */
public final class Sema {
    private final AtomicInteger count;
    private final AtomicInteger nwait = new AtomicInteger();
    private final RuntimeLock lock = new RuntimeLock();
    private final Parker parker;
    private Sudog head;
    private Sudog tail;

    public Sema(int initial) {
        this(initial, GoParker.INSTANCE);
    }

    public Sema(int initial, Parker parker) {
        if (initial < 0) {
            throw new IllegalArgumentException("Sema: negative initial count " + initial);
        }
        count = new AtomicInteger(initial);
        this.parker = parker;
    }

    /** Where a waiter that has to wait (again) joins the queue. Go: the lifo argument of semacquire1. */
    private enum Queue { FIFO, LIFO }

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

    /** Takes one unit, parking the current goroutine at the queue's tail until one is free. Go: semacquire. */
    public void acquire() {
        acquire1(Queue.FIFO);
    }

    /**
     * Takes one unit; a waiter queues at the head (used by a Mutex waiter that was woken and lost the race, so it
     * keeps its turn). Caller runs a goroutine. Go: sema.go semacquire1(lifo=true), sync_runtime_SemacquireMutex.
     */
    public void acquireLifo() {
        acquire1(Queue.LIFO);
    }

    private void acquire1(Queue q) {
        if (cansemacquire()) {
            return;
        }
        // The API edge: the one M lookup until the first park (a model parker's thread is not an M: null).
        M mp = parker == GoParker.INSTANCE ? Goroutines.goroutineM("Sema.acquire") : null;
        while (true) {
            lock.lock();
            nwait.incrementAndGet();
            if (cansemacquire()) {
                nwait.decrementAndGet();
                lock.unlock();
                return;
            }
            Sudog s = new Sudog();
            if (q == Queue.LIFO) {
                s.next = head;
                head = s;
                if (tail == null) {
                    tail = s;
                }
            } else {
                if (tail == null) {
                    head = s;
                } else {
                    tail.next = s;
                }
                tail = s;
            }
            parker.park(mp, s, lock, "semacquire");   // unlocks; returns once readied
            if (s.ticket == 1 || cansemacquire()) {   // handed the unit, or won it
                return;
            }
            mp = M.current();                         // parked: we run on the M that resumed us
        }
    }

    /** Returns one unit and wakes the first waiter, who retries. Any thread. Go: semrelease. */
    public void release() {
        release1(Release.WAKE);
    }

    /**
     * Returns one unit and hands it straight to the first waiter, then yields so that waiter runs now (Mutex in
     * starvation mode). Any thread; the yield happens only in a goroutine. Go: semrelease1(handoff=true).
     */
    public void releaseHandoff() {
        release1(Release.HANDOFF);
    }

    /** What a release does for the waiter it wakes. Go: the handoff argument of semrelease1. */
    private enum Release { WAKE, HANDOFF }

    private void release1(Release how) {
        count.incrementAndGet();
        if (nwait.get() == 0) {
            return;
        }
        M mp = M.current();                          // the one M lookup of this wake-up (null off an M)
        Sudog s;
        lock.lock();
        try {
            if (nwait.get() == 0) {
                return;
            }
            s = head;
            if (s == null) {
                return;                                  // the waiter is between nwait++ and enqueue: it re-checks
            }
            head = s.next;
            if (head == null) {
                tail = null;
            }
            s.next = null;
            nwait.decrementAndGet();
        } finally {
            lock.unlock();
        }
        if (how == Release.HANDOFF && cansemacquire()) {
            s.ticket = 1;                                // I3: the unit is the waiter's already
        }
        parker.ready(mp, s);                         // never parks: mp is still ours
        if (s.ticket == 1 && parker == GoParker.INSTANCE
                && mp != null && mp.curg != null && mp.locks == 0 && mp.curg.statusVolatile() == GStatus.RUNNING) {
            mp.sched.goroutines.goyield(mp);         // let the waiter (in our runnext) run now
        }
    }

    /**
     * Whether a goroutine failing to take a sync lock should spin a little: more than one P, some other P running,
     * and nothing queued on ours. Caller runs a goroutine. Go: proc.go sync_runtime_canSpin.
     */
    public static boolean canSpin(int iter) {
        if (iter >= 4) {
            return false;
        }
        M mp = M.current();
        if (mp == null || mp.p == null || Runtime.getRuntime().availableProcessors() <= 1) {
            return false;
        }
        Sched sched = mp.sched;
        if (sched.gomaxprocs <= sched.npidle.get() + sched.nmspinning.get() + 1) {
            return false;
        }
        return mp.p.runq.runqempty();
    }

    /** One round of active spinning. Go: proc.go sync_runtime_doSpin (procyield(30)). */
    public static void doSpin() {
        for (int i = 0; i < 30; i++) {
            Thread.onSpinWait();
        }
    }

    /**
     * A fatal error raised by package sync, which no recover can catch (Go 1.19: panic.go sync_fatal, behind sync's
     * {@code fatal}). It stops the caller's runtime at once, so that the runtime prints {@code fatal error: msg}
     * and {@link GoRuntime#run} throws the FatalError whatever the goroutine does with the one thrown here; then it
     * returns that error for the caller to throw ({@code throw Sema.syncFatal(...)}), so the misusing goroutine does
     * not go on. From a thread outside any runtime there is nothing to stop, and the caller just throws it.
     */
    public static FatalError syncFatal(String msg) {
        FatalError e = new FatalError(msg);
        M mp = M.current();
        if (mp != null) {
            mp.sched.exit.fatal(e);
        }
        return e;
    }
}
