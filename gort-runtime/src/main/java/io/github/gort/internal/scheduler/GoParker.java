package io.github.gort.internal.scheduler;

import io.github.gort.internal.chan.Sudog;

/**
 * The parker of every goroutine: park is gopark with an unlock callback that releases the queue's lock on the M
 * loop once the goroutine is _Gwaiting, and ready is goready (into the waker's runnext when it owns a P).
 * Stateless; one instance. Go: chan.go's gopark(chanparkcommit, ...) and goready(gp).
 */
public final class GoParker implements Parker {
    public static final GoParker INSTANCE = new GoParker();

    private static final ParkUnlock UNLOCK = GoParker::unlockAfterPark;

    private GoParker() {}

    /**
     * Parks the current goroutine, running on mp, on sg. Caller runs a goroutine and holds lock. Go: chan.go
     * gopark(chanparkcommit).
     */
    @Override
    public boolean park(M mp, Sudog sg, RuntimeLock lock, String reason) {
        if (Debug.CHECKS && (mp == null || mp.curg == null)) {
            Goroutines.goroutineM(reason);              // the API edge should have: throws what to do
        }
        sg.g = mp.curg;                                 // published to wakers by lock.unlock in UNLOCK
        mp.sched.goroutines.gopark(mp, UNLOCK, lock, reason);
        return true;
    }

    private static boolean unlockAfterPark(G gp, Object lock) {
        ((RuntimeLock) lock).unlock();
        return true;
    }

    /** Makes sg's goroutine runnable, from mp (the caller's M, or null off an M). Any thread. Go: goready. */
    @Override
    public void ready(M mp, Sudog sg) {
        G gp = sg.g;
        gp.sched.goroutines.goready(mp, gp);
    }
}
