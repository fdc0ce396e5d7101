package io.github.gort.sync;

import io.github.gort.internal.chan.NotifyList;


/**
 * A condition variable: goroutines wait for an event while holding a {@link Locker}. Go: sync.Cond (Wait, Signal,
 * Broadcast over the runtime's notify list).
 *
 * <pre>{@code
 * mu.lock();
 * while (!ready) cond.await();     // releases mu while parked, holds it again on return
 * mu.unlock();
 * }</pre>
 *
 * <p>A waiter takes a ticket before it releases the lock, so a signal sent between its unlock and its park is not
 * lost (see {@link NotifyList}).
 */
public final class Cond {
    private final Locker l;
    private final NotifyList notify = new NotifyList();

    public Cond(Locker l) {
        if (l == null) {
            throw new NullPointerException("Cond: the Locker is null; pass the Mutex that guards the condition");
        }
        this.l = l;
    }

    /** The lock this condition is used with. Go: Cond.L. */
    public Locker locker() {
        return l;
    }

    /**
     * Unlocks the locker, parks until signalled, and locks it again before returning. Caller holds the locker and
     * runs a goroutine. Go: Cond.Wait.
     */
    public void await() {
        long t = notify.add();
        l.unlock();
        notify.await(t);
        l.lock();
    }

    /** Wakes one waiting goroutine, if any. Any goroutine, with or without the lock. Go: Cond.Signal. */
    public void signal() {
        notify.notifyOne();
    }

    /** Wakes every waiting goroutine. Go: Cond.Broadcast. */
    public void broadcast() {
        notify.notifyAllWaiters();
    }
}
