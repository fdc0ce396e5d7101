package io.github.gort.internal.scheduler;

import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;

/**
 * A one-shot sleep/wakeup event for one sleeper (Go: runtime2.go {@code note}, lock_futex.go). An M sleeps on
 * its own {@code park} note when idle; the stop-the-world and forEachP callers sleep on {@code stopnote} and
 * {@code safePointNote}.
 *
 * <pre>
 * field    writer                         others                 mode
 * key      wakeup (any thread); clear     sleeper reads          volatile
 * waiter   the sleeper                    wakeup reads, unparks  volatile
 * </pre>
 * A sleeper that is an M marks itself {@code m.blocked} for the time it sleeps (Go: notesleep sets m.blocked);
 * schedtrace prints it.
 * Invariant: after {@link #wakeup} returns, a sleep that has not yet returned returns, and a later sleep returns
 * at once until {@link #clear}. Only the sleeper clears, and only when no wakeup can be in flight for the old
 * event (Go's rule for {@code noteclear}).
 *
 * <p>M threads are gort's own: an interrupt means nothing to a sleeping M (the scheduler decides when an M runs).
 * A sleeper therefore keeps sleeping when interrupted and restores the interrupt flag when it returns.
 */
final class Note {
    private volatile int key;
    private volatile Thread waiter;

    /** Resets the note. Caller is its sleeper. Go: noteclear. */
    void clear() {
        key = 0;
    }

    /** Signals the event; idempotent. Any thread. Go: notewakeup. */
    void wakeup() {
        key = 1;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Sleeps until {@link #wakeup}. Go: notesleep. */
    void sleep() {
        if (key != 0) {
            return;
        }
        boolean interrupted = false;
        M mp = M.current();
        Thread self = threadOf(mp);
        boolean pinned = pinIfVirtual(self);
        waiter = self;
        setBlocked(mp, true);
        while (key == 0) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        setBlocked(mp, false);
        unpinIf(pinned);
        waiter = null;
        if (interrupted) {
            self.interrupt();
        }
    }

    /**
     * The sleeping thread: a goroutine's virtual thread itself, else mp's own (inside a raw continuation
     * Thread.currentThread() may be stale; see M.current).
     */
    private static Thread threadOf(M mp) {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            return t;
        }
        return mp != null && mp.thread != null ? mp.thread : t;
    }

    /**
     * A note sleep is Go's futex sleep: it blocks the M. On a goroutine's virtual thread the park would unmount
     * the goroutine instead, in the middle of the runtime; pinned, it parks the M's thread. True if it pinned.
     */
    private static boolean pinIfVirtual(Thread self) {
        if (self.isVirtual()) {
            Continuation.pin();
            return true;
        }
        return false;
    }

    private static void unpinIf(boolean pinned) {
        if (pinned) {
            Continuation.unpin();
        }
    }

    private static void setBlocked(M mp, boolean blocked) {
        if (mp != null) {
            mp.blocked = blocked;
        }
    }

    /**
     * Spins for up to {@code nanos} waiting for {@link #wakeup}; true if it came. For waits that usually end
     * within microseconds (stop-the-world, forEachP), where parking would add a thread wakeup's latency.
     */
    boolean spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (key == 0) {
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Sleeps until {@link #wakeup} or for at most {@code nanos}; true if woken. Go: notetsleep. */
    boolean sleep(long nanos) {
        if (key != 0) {
            return true;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        M mp = M.current();
        Thread self = threadOf(mp);
        boolean pinned = pinIfVirtual(self);
        waiter = self;
        setBlocked(mp, true);
        long left;
        while (key == 0 && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        setBlocked(mp, false);
        unpinIf(pinned);
        waiter = null;
        if (interrupted) {
            self.interrupt();
        }
        return key != 0;
    }
}
