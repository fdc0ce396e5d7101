package io.github.gort.internal.scheduler;

/**
 * The global run queue: a FIFO of Gs linked through {@code schedlink} (Go: proc.go globrunqput, globrunqputhead,
 * globrunqputbatch, globrunqget; runtime2.go schedt.runq).
 *
 * <pre>
 * field        writer                 others                      mode
 * head, tail   holder of sched.lock   -                           plain, under sched.lock
 * size         holder of sched.lock   racy readers (fast checks)  volatile
 * </pre>
 * Invariant: size equals the number of Gs linked from head; each is RUNNABLE and in no other queue.
 */
public final class GlobalRunq {
    final SchedLock lock;
    private G head;
    private G tail;
    private volatile int size;

    public GlobalRunq(SchedLock lock) {
        this.lock = lock;
    }

    /** Racy size, for "is there anything?" checks without the lock. */
    int size() {
        return size;
    }

    /** Appends gp. Caller holds sched.lock. Go: globrunqput. */
    public void globrunqput(G gp) {
        lock.assertHeld("globrunqput");
        gp.schedlink = null;
        if (tail != null) {
            tail.schedlink = gp;
        } else {
            head = gp;
        }
        tail = gp;
        size++;
    }

    /** Puts gp at the head, so it runs soonest. Caller holds sched.lock. Go: globrunqputhead. */
    void globrunqputhead(G gp) {
        lock.assertHeld("globrunqputhead");
        gp.schedlink = head;
        head = gp;
        if (tail == null) {
            tail = gp;
        }
        size++;
    }

    /** Appends a linked batch of n Gs. Caller holds sched.lock. Go: globrunqputbatch. */
    void globrunqputbatch(G batchHead, G batchTail, int n) {
        lock.assertHeld("globrunqputbatch");
        batchTail.schedlink = null;
        if (tail != null) {
            tail.schedlink = batchHead;
        } else {
            head = batchHead;
        }
        tail = batchTail;
        size += n;
    }

    /** Removes and returns the head, or null. Caller holds sched.lock. */
    G pop() {
        lock.assertHeld("globrunqget");
        G gp = head;
        if (gp == null) {
            return null;
        }
        head = gp.schedlink;
        if (head == null) {
            tail = null;
        }
        gp.schedlink = null;
        size--;
        return gp;
    }

    /**
     * Takes a fair share of the queue for pp: returns one G and puts the rest of the batch into pp's local
     * queue. {@code max == 0} means no limit but Go's. Caller holds sched.lock and owns pp. Go: globrunqget.
     */
    G globrunqget(P pp, int max, int gomaxprocs) {
        lock.assertHeld("globrunqget");
        if (size == 0) {
            return null;
        }
        int n = Math.min(size, size / gomaxprocs + 1);
        if (max > 0 && n > max) {
            n = max;
        }
        n = Math.min(n, pp.runq.capacity() / 2);
        G gp = pop();
        for (int i = 1; i < n; i++) {
            pp.runq.runqput(pop());
        }
        return gp;
    }

    /** The Gs linked from head, without removing them. Quiescent only (invariant checks). */
    java.util.List<G> snapshot() {
        java.util.List<G> out = new java.util.ArrayList<>();
        for (G g = head; g != null; g = g.schedlink) {
            out.add(g);
        }
        return out;
    }
}
