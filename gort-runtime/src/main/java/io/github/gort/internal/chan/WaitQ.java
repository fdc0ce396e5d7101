package io.github.gort.internal.chan;

/**
 * A FIFO of sudogs waiting on one channel direction (Go: chan.go waitq, enqueue, dequeue, dequeueSudoG).
 * Not thread-safe: every method requires the owning channel's lock.
 *
 * <p>Invariant: {@code first == null} iff {@code last == null}; links of a sudog not on the queue are null.
 */
final class WaitQ {
    Sudog first;
    Sudog last;

    /** Appends sg. Caller holds the channel lock. Go: chan.go waitq.enqueue. */
    void enqueue(Sudog sg) {
        sg.next = null;
        Sudog x = last;
        if (x == null) {
            sg.prev = null;
            first = sg;
            last = sg;
            return;
        }
        sg.prev = x;
        x.next = sg;
        last = sg;
    }

    /**
     * Removes and returns the first sudog whose waiter can still be woken, or null. A select case whose select was
     * already won through another channel is dropped. Caller holds the channel lock. Go: chan.go waitq.dequeue.
     */
    Sudog dequeue() {
        while (true) {
            Sudog sg = first;
            if (sg == null) {
                return null;
            }
            Sudog y = sg.next;
            if (y == null) {
                first = null;
                last = null;
            } else {
                y.prev = null;
                first = y;
                sg.next = null;
            }
            if (sg.group != null && !sg.group.claim()) {
                continue;                       // that select already completed on another case
            }
            return sg;
        }
    }

    /** Unlinks sg if it is on this queue (a select cleaning up its losing cases). Caller holds the lock. Go: dequeueSudoG. */
    void remove(Sudog sg) {
        Sudog x = sg.prev;
        Sudog y = sg.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                y.prev = x;
                sg.next = null;
                sg.prev = null;
                return;
            }
            x.next = null;
            last = x;
            sg.prev = null;
            return;
        }
        if (y != null) {
            y.prev = null;
            first = y;
            sg.next = null;
            return;
        }
        if (first == sg) {
            first = null;
            last = null;
        }
    }

    boolean isEmpty() {
        return first == null;
    }

    int size() {
        int n = 0;
        for (Sudog s = first; s != null; s = s.next) {
            n++;
        }
        return n;
    }
}
