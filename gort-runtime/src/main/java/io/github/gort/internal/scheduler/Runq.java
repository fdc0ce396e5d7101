package io.github.gort.internal.scheduler;

import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A P's local run queue: a lock-free ring of Gs plus the {@code runnext} slot (Go: proc.go runqput, runqputslow,
 * runqget, runqgrab, runqsteal, runqempty).
 *
 * <pre>
 * field      writer                                   other threads                 mode
 * runqtail   owner only                               read (acquire)                release store
 * runqhead   owner (get) and thieves (grab)           read (acquire)                CAS
 * runnext    owner sets non-null; anyone CASes null   read (volatile)               CAS / volatile
 * runq[i]    owner, only for i outside [head, tail)   thieves read [head, tail)     plain, published by the
 *                                                                                   release store of tail
 * </pre>
 * The three fields are declared plain and reached only through their VarHandles, in the mode each access names:
 * {@code headAcquire}/{@code tailAcquire} for reads by anyone, a plain {@code RUNQTAIL.get} for the owner's own
 * tail, {@code setRelease} of tail, CAS of head and runnext.
 * Invariants: {@code 0 <= tail - head <= capacity} on every access (indices only grow; int arithmetic wraps as
 * Go's uint32 does); a grab takes {@code ceil(n/2)}, never more than {@code capacity/2}, else the read was torn
 * and is retried; only the owner makes runnext non-null, so a failed owner CAS on runnext means it was stolen.
 *
 * <p>Why plain slot reads are safe: a thief reads head and tail with acquire, so it sees every slot the owner
 * wrote before its release store of tail. The owner overwrites a slot only once head has moved past it, and then
 * the thief's CAS of head from the old value fails, so a stale slot read is never used.
 */
public final class Runq {
    /** Go's size of a local run queue. */
    public static final int DEFAULT_CAPACITY = 256;
    /** How long a thief waits for a running victim to run its own runnext before stealing it (Go: usleep(3)). */
    private static final long RUNNEXT_BACKOFF_NANOS = 3_000;

    private static final VarHandle RUNQHEAD = VarHandles.field(MethodHandles.lookup(), Runq.class, "runqhead", int.class);
    private static final VarHandle RUNQTAIL = VarHandles.field(MethodHandles.lookup(), Runq.class, "runqtail", int.class);
    private static final VarHandle RUNNEXT = VarHandles.field(MethodHandles.lookup(), Runq.class, "runnext", G.class);

    private final P owner;
    private final GlobalRunq global;
    private final G[] runq;
    private final int mask;
    // Reached only through the VarHandles above, in the mode each access names (see the table).
    @SuppressWarnings("unused") private int runqhead;
    @SuppressWarnings("unused") private int runqtail;
    @SuppressWarnings("unused") private G runnext;

    Runq(P owner, GlobalRunq global, int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2, got " + capacity);
        }
        this.owner = owner;
        this.global = global;
        this.runq = new G[capacity];
        this.mask = capacity - 1;
    }

    int capacity() {
        return runq.length;
    }

    private int headAcquire() {
        return (int) RUNQHEAD.getAcquire(this);
    }

    private int tailAcquire() {
        return (int) RUNQTAIL.getAcquire(this);
    }

    /** Puts gp at the tail of the ring, spilling half to the global queue when full. Owner only. Go: runqput. */
    public void runqput(G gp) {
        while (true) {
            int h = headAcquire();
            int t = (int) RUNQTAIL.get(this);             // owner: its own writes
            if (t - h < runq.length) {
                runq[t & mask] = gp;
                RUNQTAIL.setRelease(this, t + 1);          // publishes the slot to thieves
                return;
            }
            if (runqputslow(gp, h, t)) {
                return;
            }
            // the CAS in runqputslow failed: thieves made room; retry the fast path
        }
    }

    /** Puts gp in runnext; a G it displaces goes to the tail of the ring. Owner only. Go: runqput(next=true). */
    public void runqputnext(G gp) {
        G old;
        do {
            old = (G) RUNNEXT.getVolatile(this);
        } while (!RUNNEXT.compareAndSet(this, old, gp));
        if (old != null) {
            runqput(old);
        }
    }

    /** Moves gp and half of a full ring to the global queue. Owner only. Go: runqputslow. */
    private boolean runqputslow(G gp, int h, int t) {
        int n = (t - h) / 2;
        if (n != runq.length / 2) {
            throw new FatalError("runqputslow: queue is not full (" + (t - h) + " of " + runq.length + ")");
        }
        G[] batch = new G[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = runq[(h + i) & mask];
        }
        if (!RUNQHEAD.compareAndSet(this, h, h + n)) {
            return false;
        }
        batch[n] = gp;
        for (int i = 0; i < n; i++) {
            batch[i].schedlink = batch[i + 1];
        }
        batch[n].schedlink = null;
        global.lock.lock();
        try {
            global.globrunqputbatch(batch[0], batch[n], n + 1);
        } finally {
            global.lock.unlock();
        }
        return true;
    }

    /**
     * Takes runnext, else the head of the ring; null if empty. Owner only. Go: runqget. The scheduler calls its
     * two halves, {@link #runqgetNext} and {@link #runqgetRing}, to know which one gave the G (Go's second
     * result, inheritTime, true for runnext).
     */
    public G runqget() {
        G gp = runqgetNext();
        return gp != null ? gp : runqgetRing();
    }

    /**
     * Takes runnext, or null. A G from runnext inherits the current time slice (it was readied or started by the
     * G that ran before). Owner only. Go: runqget's first half, inheritTime == true.
     */
    G runqgetNext() {
        G next = (G) RUNNEXT.getVolatile(this);
        // Only the owner sets runnext non-null: if this CAS fails, a thief took it, and the ring is next.
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            return next;
        }
        return null;
    }

    /** Takes the head of the ring, or null if it is empty. Owner only. Go: runqget's loop, inheritTime == false. */
    G runqgetRing() {
        while (true) {
            int h = headAcquire();
            int t = (int) RUNQTAIL.get(this);
            if (t == h) {
                return null;
            }
            G gp = runq[h & mask];
            if (RUNQHEAD.compareAndSet(this, h, h + 1)) {
                return gp;
            }
        }
    }

    /** Steals half of victim's ring into this one and returns one G to run; null if none. Go: runqsteal. */
    public G runqsteal(Runq victim) {
        return steal(victim, /* stealRunnext= */ false);
    }

    /** As {@link #runqsteal}, and takes victim's runnext when its ring is empty (Go's last steal pass). */
    G runqstealWithRunnext(Runq victim) {
        return steal(victim, /* stealRunnext= */ true);
    }

    private G steal(Runq victim, boolean stealRunnext) {
        int t = (int) RUNQTAIL.get(this);                  // thief owns this ring
        int n = victim.runqgrab(runq, t, stealRunnext);
        if (n == 0) {
            return null;
        }
        n--;
        G gp = runq[(t + n) & mask];
        if (n == 0) {
            return gp;
        }
        int h = headAcquire();
        if (t - h + n >= runq.length) {
            throw new FatalError("runqsteal: runq overflow");
        }
        RUNQTAIL.setRelease(this, t + n);
        return gp;
    }

    /** Copies up to half of this ring into batch starting at batchHead; returns how many. Any thread. Go: runqgrab. */
    private int runqgrab(G[] batch, int batchHead, boolean stealRunnext) {
        int bmask = batch.length - 1;
        while (true) {
            int h = headAcquire();
            int t = tailAcquire();
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = (G) RUNNEXT.getVolatile(this);
                    if (next != null) {
                        if (owner.statusVolatile() == PStatus.RUNNING) {
                            // The victim is running and is likely about to run next itself; give it a moment
                            // before taking it, or Gs ping-ponging through runnext migrate on every switch.
                            backoff();
                        }
                        if (!RUNNEXT.compareAndSet(this, next, null)) {
                            continue;
                        }
                        batch[batchHead & bmask] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > runq.length / 2) {                     // read head and tail from different moments
                continue;
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & bmask] = runq[(h + i) & mask];
            }
            if (RUNQHEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
        }
    }

    /**
     * Sleeps, as Go's usleep(3) does: the thief is a spinning M, so meanwhile wakep sees a spinner and stays
     * cheap, and the CPU goes to the victim instead of a busy-wait (on Linux the sleep lasts tens of µs, as Go's).
     */
    private static void backoff() {
        java.util.concurrent.locks.LockSupport.parkNanos(RUNNEXT_BACKOFF_NANOS);
    }

    /** True if no G is in the ring or runnext; never falsely while runnext moves to the ring. Go: runqempty. */
    public boolean runqempty() {
        while (true) {
            int h = headAcquire();
            int t = tailAcquire();
            G next = (G) RUNNEXT.getVolatile(this);
            if (tailAcquire() == t) {
                return h == t && next == null;
            }
        }
    }

    /** Number of Gs in the ring (runnext not counted). Racy when read by others. Go: runqlen. */
    int runqlen() {
        return tailAcquire() - headAcquire();
    }

    /** Removes every G (runnext first), for procresize. World stopped. */
    List<G> drain() {
        List<G> out = new ArrayList<>();
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        if (next != null) {
            out.add(next);
        }
        G gp;
        while ((gp = ringPoll()) != null) {
            out.add(gp);
        }
        return out;
    }

    private G ringPoll() {
        int h = headAcquire();
        int t = tailAcquire();
        if (t == h) {
            return null;
        }
        G gp = runq[h & mask];
        RUNQHEAD.setRelease(this, h + 1);
        return gp;
    }

    /** The Gs in this queue, runnext first, without removing them. Only when quiescent (invariant checks). */
    List<G> snapshot() {
        List<G> out = new ArrayList<>();
        G next = (G) RUNNEXT.getVolatile(this);
        if (next != null) {
            out.add(next);
        }
        for (int i = headAcquire(); i != tailAcquire(); i++) {
            out.add(runq[i & mask]);
        }
        return out;
    }
}
