package io.github.gort.sync;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a function exactly once: the first {@link #run} call runs it, and every call returns only after it has
 * finished (later callers park on the mutex meanwhile). If the function throws, it still counts as done.
 * Go: sync.Once (Do).
 *
 * <p>{@code done} is set (volatile) after fn returns, under {@code m}; the fast path reads it without the lock.
 */
public final class Once {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Mutex m = new Mutex();

    /** Calls fn if and only if this is the first call on this Once. Caller runs a goroutine. Go: Once.Do. */
    public void run(Runnable fn) {
        if (done.get()) {
            return;
        }
        m.lock();
        try {
            if (!done.get()) {
                try {
                    fn.run();
                } finally {
                    done.set(true);
                }
            }
        } finally {
            m.unlock();
        }
    }
}
