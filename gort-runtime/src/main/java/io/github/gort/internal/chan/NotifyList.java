package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.GoParker;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.Parker;
import io.github.gort.internal.scheduler.RuntimeLock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticket-based list of goroutines waiting for a notification, the core of sync.Cond (Go: sema.go notifyList,
 * notifyListAdd, notifyListWait, notifyListNotifyOne, notifyListNotifyAll).
 *
 * <pre>
 * field        writer                              mode
 * wait         add (any goroutine)                 atomic: the next ticket to hand out
 * notify       holder of lock                      volatile: the next ticket to notify; racy fast-path reads
 * head, tail   holder of lock                      plain; sudogs with their ticket, in arrival order
 * </pre>
 * Invariants: I1 {@code notify <= wait}; every ticket below notify has been notified. I2 a waiter with ticket t
 * either finds {@code t < notify} under the lock and returns at once, or is on the list until a notify readies it.
 * Getting the ticket ({@link #add}) before releasing the caller's lock is what makes a Signal between the unlock
 * and the park not lost.
 */
public final class NotifyList {
    private final AtomicLong wait = new AtomicLong();
    private volatile long notify;
    private final RuntimeLock lock = new RuntimeLock();
    private final Parker parker;
    private Sudog head;
    private Sudog tail;

    public NotifyList() {
        this(GoParker.INSTANCE);
    }

    public NotifyList(Parker parker) {
        this.parker = parker;
    }

    /** Takes the next ticket; call it before releasing the lock a Cond protects. Any thread. Go: notifyListAdd. */
    public long add() {
        return wait.getAndIncrement();
    }

    /**
     * Parks the current goroutine until ticket t is notified (returns at once if it already was). Caller runs a
     * goroutine and got t from {@link #add}. Go: notifyListWait.
     */
    public void await(long t) {
        // The API edge: the one M lookup (a model parker's thread is not an M: null).
        M mp = parker == GoParker.INSTANCE ? Goroutines.checkPreempt(Goroutines.goroutineM("NotifyList.await")) : null;
        lock.lock();
        if (t < notify) {
            lock.unlock();
            return;
        }
        Sudog s = new Sudog();
        s.ticket = t;
        if (tail == null) {
            head = s;
        } else {
            tail.next = s;
        }
        tail = s;
        parker.park(mp, s, lock, "sync.Cond.Wait");
    }

    /** Wakes every waiter with a ticket taken so far. Any thread. Go: notifyListNotifyAll. */
    public void notifyAllWaiters() {
        if (wait.get() == notify) {
            return;                                         // nobody waits (racy hint, as in Go)
        }
        lock.lock();
        Sudog s = head;
        head = null;
        tail = null;
        notify = wait.get();
        lock.unlock();
        M mp = M.current();                                 // the one M lookup for all the wake-ups
        while (s != null) {
            Sudog next = s.next;
            s.next = null;
            parker.ready(mp, s);
            s = next;
        }
    }

    /** Wakes the waiter with the oldest unnotified ticket, if any. Any thread. Go: notifyListNotifyOne. */
    public void notifyOne() {
        if (wait.get() == notify) {
            return;
        }
        lock.lock();
        long t = notify;
        if (t == wait.get()) {
            lock.unlock();
            return;
        }
        notify = t + 1;
        Sudog prev = null;
        for (Sudog s = head; s != null; prev = s, s = s.next) {
            if (s.ticket == t) {
                Sudog n = s.next;
                if (prev != null) {
                    prev.next = n;
                } else {
                    head = n;
                }
                if (n == null) {
                    tail = prev;
                }
                s.next = null;
                lock.unlock();
                parker.ready(M.current(), s);
                return;
            }
        }
        lock.unlock();                                      // ticket t's waiter has not queued yet: it will see t < notify
    }
}
