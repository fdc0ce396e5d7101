package io.github.gort.sync;

import io.github.gort.internal.chan.Sema;
import io.github.gort.internal.metrics.MutexWait;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reader/writer lock for goroutines: many readers or one writer. A writer waiting in {@link #lock} blocks new
 * readers, so writers are not starved; a reader must not take the read lock again while holding it (a writer may
 * be queued between). Go: sync/rwmutex.go.
 *
 * <pre>
 * field        writer                                 meaning
 * w            writers                                serialises writers
 * readerCount  atomic add by everyone                 active readers; minus MAX_READERS while a writer is pending
 * readerWait   atomic add by the writer and readers   readers the pending writer still waits for
 * writerSem    writer parks, last departing reader releases
 * readerSem    readers park while a writer is pending; the writer's unlock releases one per waiting reader
 * </pre>
 */
public final class RWMutex implements Locker {
    static final int MAX_READERS = 1 << 30;

    private final Mutex w = new Mutex();
    private final Sema writerSem = new Sema(0);
    private final Sema readerSem = new Sema(0);
    private final AtomicInteger readerCount = new AtomicInteger();
    private final AtomicInteger readerWait = new AtomicInteger();

    /** Locks for reading, parking while a writer holds or waits for the lock. Go: RWMutex.RLock. */
    public void rlock() {
        if (readerCount.incrementAndGet() < 0) {
            long t0 = System.nanoTime();
            readerSem.acquire();                          // a writer is pending: wait for its unlock
            MutexWait.parked(t0);
        }
    }

    /**
     * Undoes one rlock. Go: RWMutex.RUnlock. Without a read lock held this is a fatal error, as in Go (see
     * {@link Mutex#unlock}).
     *
     * @throws FatalError "sync: RUnlock of unlocked RWMutex"
     */
    public void runlock() {
        int r = readerCount.decrementAndGet();
        if (r < 0) {
            if (r + 1 == 0 || r + 1 == -MAX_READERS) {
                throw Sema.syncFatal("sync: RUnlock of unlocked RWMutex");
            }
            if (readerWait.decrementAndGet() == 0) {
                writerSem.release();                      // the last reader the writer waited for
            }
        }
    }

    /** Locks for writing, parking until no reader or writer holds it. Go: RWMutex.Lock. */
    @Override
    public void lock() {
        w.lock();
        int r = readerCount.addAndGet(-MAX_READERS) + MAX_READERS;
        if (r != 0 && readerWait.addAndGet(r) != 0) {
            long t0 = System.nanoTime();
            writerSem.acquire();
            MutexWait.parked(t0);
        }
    }

    /**
     * Unlocks for writing and lets the readers that queued meanwhile in. Go: RWMutex.Unlock. Without the write lock
     * held this is a fatal error, as in Go (see {@link Mutex#unlock}).
     *
     * @throws FatalError "sync: Unlock of unlocked RWMutex"
     */
    @Override
    public void unlock() {
        int r = readerCount.addAndGet(MAX_READERS);
        if (r >= MAX_READERS) {
            throw Sema.syncFatal("sync: Unlock of unlocked RWMutex");
        }
        for (int i = 0; i < r; i++) {
            readerSem.release();
        }
        w.unlock();
    }

    /** A Locker whose lock/unlock are this mutex's rlock/runlock (for a {@link Cond}). Go: RWMutex.RLocker. */
    public Locker rlocker() {
        return new Locker() {
            @Override
            public void lock() {
                rlock();
            }

            @Override
            public void unlock() {
                runlock();
            }
        };
    }
}
