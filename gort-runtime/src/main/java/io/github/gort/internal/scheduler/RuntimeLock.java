package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;

/**
 * A runtime mutex with no thread identity (Go: lock_futex.go {@code mutex}): CAS to take it, spin briefly, then
 * yield the thread while it is busy. Critical sections are short and never yield a continuation.
 *
 * <p>Why not {@code ReentrantLock}: it records {@code Thread.currentThread()} as its owner, and inside a
 * goroutine that value can be stale after a yield in the same compiled frame (see {@link M#current()}), so a
 * lock taken in a goroutine and released on the M loop would fail. Holders are tracked as Ms, in debug mode.
 */
public class RuntimeLock {
    private final AtomicInteger state = new AtomicInteger();
    /** The M (or plain thread) that holds it; debug mode only. */
    private volatile Object holder;

    public void lock() {
        if (Debug.CHECKS && holder != null && holder == self()) {
            throw new FatalError("lock: " + name() + " is already held by this M (it is not reentrant)");
        }
        if (!state.compareAndSet(0, 1)) {
            contended();
        }
        if (Debug.CHECKS) {
            holder = self();
        }
    }

    private void contended() {
        int spins = 0;
        while (state.get() != 0 || !state.compareAndSet(0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else if (Thread.currentThread().isVirtual()) {
                pausePinned();           // a goroutine's virtual thread: wait on its M, never unmount
            } else {
                Thread.yield();          // critical sections are a few dozen instructions: no timed park needed
            }
        }
    }

    /**
     * A pause on a goroutine's virtual thread: Thread.yield there would unmount the goroutine in the middle of the
     * runtime (and hand it to another M). Pinned, a park waits on the M's thread instead, as Go's lock blocks the M.
     */
    private static void pausePinned() {
        Continuation.pin();
        try {
            LockSupport.parkNanos(PINNED_PAUSE_NANOS);
        } finally {
            Continuation.unpin();
        }
    }

    private static final long PINNED_PAUSE_NANOS = 20_000;

    public void unlock() {
        if (Debug.CHECKS) {
            if (state.get() == 0) {
                throw new FatalError("unlock: " + name() + " is not locked");
            }
            holder = null;
        }
        state.setRelease(0);         // release: the next CAS that takes the lock sees every write made under it
    }

    /** Debug-mode precondition check: {@code "where: <lock> must be held"} (by this M). */
    void assertHeld(String where) {
        if (Debug.CHECKS && (state.get() == 0 || holder != self())) {
            throw new FatalError(where + ": " + name() + " must be held");
        }
    }

    String name() {
        return "runtime lock";
    }

    private static Object self() {
        M mp = M.current();
        return mp != null ? mp : M.currentThread();
    }
}
