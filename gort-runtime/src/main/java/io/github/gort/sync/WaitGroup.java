package io.github.gort.sync;

import io.github.gort.internal.chan.Sema;
import io.github.gort.runtime.Go;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits for a collection of goroutines to finish (Go: sync.WaitGroup). {@link #add} sets how many; each calls
 * {@link #done}; {@link #await} parks the calling goroutine (never its thread's M) until the count reaches zero.
 *
 * <p>State, as in Go: one atomic long, the counter in the high 32 bits and the number of waiters in the low 32.
 * When the counter drops to zero with waiters, the state is reset and each waiter gets one semaphore release.
 */
public final class WaitGroup {
    private final AtomicLong state = new AtomicLong();
    private final Sema sema;

    public WaitGroup() {
        this(new Sema(0));
    }

    /** For model tests: a semaphore with a test parker. */
    WaitGroup(Sema sema) {
        this.sema = sema;
    }

    /**
     * Adds delta (which may be negative) to the counter.
     *
     * @throws IllegalStateException if the counter goes negative ("sync: negative WaitGroup counter"), or if
     *                               add races with await when the counter is zero ("sync: WaitGroup misuse: Add
     *                               called concurrently with Wait"); both are Go's panics, which recover catches
     */
    public void add(int delta) {
        long s = state.addAndGet((long) delta << 32);
        int v = (int) (s >> 32);
        int w = (int) s;
        if (v < 0) {
            throw new IllegalStateException("sync: negative WaitGroup counter");
        }
        if (w != 0 && delta > 0 && v == delta) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) {
            return;
        }
        if (state.get() != s) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        state.set(0);
        for (; w > 0; w--) {
            sema.release();
        }
    }

    /** Adds one to the counter and runs fn in a new goroutine that calls {@link #done} when fn ends. Go: WaitGroup.Go. */
    public void go(Runnable fn) {
        add(1);
        Go.go(() -> {
            try {
                fn.run();
            } finally {
                done();
            }
        });
    }

    /** Decrements the counter by one. */
    public void done() {
        add(-1);
    }

    /** Parks the calling goroutine until the counter is zero. Go: Wait. */
    public void await() {
        while (true) {
            long s = state.get();
            if ((int) (s >> 32) == 0) {
                return;
            }
            if (state.compareAndSet(s, s + 1)) {
                sema.acquire();
                if (state.get() != 0) {
                    throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
                }
                return;
            }
        }
    }
}
