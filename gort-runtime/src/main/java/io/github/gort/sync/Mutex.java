package io.github.gort.sync;

import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.metrics.MutexWait;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A mutual exclusion lock for goroutines: a goroutine that has to wait parks (never its M). Not reentrant and not
 * owned: any goroutine may unlock it, as in Go. Go: sync/mutex.go.
 *
 * <h2>Fairness: normal and starvation mode (Go's design)</h2>
 * In normal mode waiters queue FIFO, but a woken waiter competes with goroutines that arrive meanwhile and
 * usually loses (they are already running); a waiter that lost is queued at the front again. Once a waiter has
 * waited more than 1 ms, the mutex switches to starvation mode: unlock hands it directly to the first waiter
 * (newcomers do not spin or grab, they queue at the tail). The mutex returns to normal mode when the waiter that
 * got it is the last one, or waited less than 1 ms. Normal mode is much faster; starvation mode bounds the tail.
 *
 * <pre>
 * state (atomic int; every change by CAS or atomic add)
 *   bit 0  LOCKED     held
 *   bit 1  WOKEN      a waiter was woken or is spinning: unlock need not wake another
 *   bit 2  STARVING   starvation mode
 *   bits 3+           number of goroutines parked on sema
 * sema                runtime semaphore the waiters park on (FIFO; LIFO for re-queued waiters; handoff when starving)
 * </pre>
 * Invariants: I1 in starvation mode the lock is never taken by CAS from outside; it passes only by handoff.
 * I2 the waiter count equals the number of goroutines that incremented it and have not been woken.
 */
public final class Mutex implements Locker {
    static final int LOCKED = 1;
    static final int WOKEN = 2;
    static final int STARVING = 4;
    static final int WAITER_SHIFT = 3;
    /** Go: starvationThresholdNs (1 ms). */
    static final long STARVATION_THRESHOLD_NS = 1_000_000;

    private final AtomicInteger state = new AtomicInteger();
    private final Sema sema;
    private final LongSupplier nanoClock;

    public Mutex() {
        this(new Sema(0), System::nanoTime);
    }

    /** For model tests: a semaphore with a test parker and a deterministic clock. */
    Mutex(Sema sema, LongSupplier nanoClock) {
        this.sema = sema;
        this.nanoClock = nanoClock;
    }

    /** Locks, parking the calling goroutine while another holds the mutex. Caller runs a goroutine. Go: Mutex.Lock. */
    @Override
    public void lock() {
        if (state.compareAndSet(0, LOCKED)) {
            return;                                       // fast path: unlocked, no waiters
        }
        lockSlow();
    }

    /** Locks if the mutex is free and nobody is being handed it; never parks. Any thread. Go: Mutex.TryLock. */
    public boolean tryLock() {
        int old = state.get();
        if ((old & (LOCKED | STARVING)) != 0) {
            return false;
        }
        return state.compareAndSet(old, old | LOCKED);
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state.get();
        while (true) {
            // Spin while it is held (not starving) and spinning makes sense; claim WOKEN so unlock wakes nobody.
            if ((old & (LOCKED | STARVING)) == LOCKED && Sema.canSpin(iter)) {
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && state.compareAndSet(old, old | WOKEN)) {
                    awoke = true;
                }
                Sema.doSpin();
                iter++;
                old = state.get();
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) {
                next |= LOCKED;                           // newcomers do not grab a starving mutex
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += 1 << WAITER_SHIFT;                // we will queue
            }
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING;                         // switch only if still held (unlock expects waiters)
            }
            if (awoke) {
                if ((next & WOKEN) == 0) {
                    throw Sema.syncFatal("sync: inconsistent mutex state");
                }
                next &= ~WOKEN;
            }
            if (!state.compareAndSet(old, next)) {
                old = state.get();
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) {
                return;                                   // took it by CAS
            }
            boolean requeue = waitStart != 0;
            if (waitStart == 0) {
                waitStart = nanoClock.getAsLong();
            }
            long parkedAt = System.nanoTime();
            if (requeue) {
                sema.acquireLifo();                       // keep our place at the front
            } else {
                sema.acquire();
            }
            MutexWait.parked(parkedAt);
            starving = starving || nanoClock.getAsLong() - waitStart > STARVATION_THRESHOLD_NS;
            old = state.get();
            if ((old & STARVING) != 0) {
                // Handed to us: the mutex is not LOCKED and nobody else is WOKEN; we still count as a waiter.
                if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                    throw Sema.syncFatal("sync: inconsistent mutex state");
                }
                int delta = LOCKED - (1 << WAITER_SHIFT);
                if (!starving || (old >>> WAITER_SHIFT) == 1) {
                    delta -= STARVING;                    // last waiter, or waited briefly: back to normal mode
                }
                state.addAndGet(delta);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    /**
     * Unlocks. Any goroutine (or thread) may unlock a locked Mutex. Go: Mutex.Unlock.
     *
     * <p>Unlocking an unlocked Mutex is a fatal error, as in Go: the runtime stops and prints
     * {@code fatal error: sync: unlock of unlocked mutex}; catching the error does not save it.
     *
     * @throws FatalError "sync: unlock of unlocked mutex"
     */
    @Override
    public void unlock() {
        int next = state.addAndGet(-LOCKED);
        if (next != 0) {
            unlockSlow(next);
        }
    }

    private void unlockSlow(int next) {
        if (((next + LOCKED) & LOCKED) == 0) {
            throw Sema.syncFatal("sync: unlock of unlocked mutex");
        }
        if ((next & STARVING) != 0) {
            sema.releaseHandoff();                        // I1: straight to the first waiter, which runs next
            return;
        }
        int old = next;
        while (true) {
            // Nobody to wake, or someone is already awake / took the lock / it is starving: done.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            int n = (old - (1 << WAITER_SHIFT)) | WOKEN;
            if (state.compareAndSet(old, n)) {
                sema.release();
                return;
            }
            old = state.get();
        }
    }

    /** True if the mutex is in starvation mode (for tests and diagnostics). */
    boolean starving() {
        return (state.get() & STARVING) != 0;
    }

    @Override
    public String toString() {
        int s = state.get();
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked") + ((s & STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }
}
