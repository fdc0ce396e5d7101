package io.github.gort.internal.collector;

import io.github.gort.internal.scheduler.Debug;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sweeping: after mark termination, every span's mark bits become its alloc bits, so unmarked objects are free
 * again (Go: mgcsweep.go, sweepone, mspan.sweep, bgsweep; the allocBits/gcmarkBits swap of Go 1.7+).
 *
 * <p>Sweeping is lazy and concurrent with the mutators: a span is swept by whoever takes it off its MCentral's
 * unswept list first, either an allocating P that needs space (MCentral.cacheSpan) or the background sweeper
 * (the GC cycle's goroutine, after it restarts the world). A new cycle finishes the sweep before it starts
 * marking ({@link #finish}), as Go's gcStart does with finishsweep_m.
 *
 * <pre>
 * field      writer                                   mode
 * unswept    set at mark termination (world stopped), atomic
 *            decremented once per span swept
 * </pre>
 * Invariant: a span is swept at most once per cycle, by the thread that took it off an unswept list (MCentral's
 * lock hands it over), and before any mcache allocates from it. A span to sweep has sweepgen == heap sweepgen - 2
 * (Go's "needs sweeping"; gort has no "being swept" value, the taker holds the span alone); sweepSpan checks it
 * and sets sweepgen == heap sweepgen (swept).
 */
public final class Sweep {
    /** Written into freed words in debug mode, so a read through a dangling id is recognisable. */
    public static final long POISON = 0xdeadbeefdeadbeefL;

    private final MHeap heap;
    private final AtomicInteger unswept = new AtomicInteger();
    private int nextCentral;

    public Sweep(MHeap heap) {
        this.heap = heap;
    }

    /** Mark termination: every span in use must now be swept once. World stopped. */
    void startCycle(int spansInUse) {
        unswept.set(spansInUse);
    }

    /** Spans still to sweep in this cycle (racy). */
    int unswept() {
        return unswept.get();
    }

    /**
     * Sweeps the span s, which the caller took off an unswept list. Returns false if no object survived and the
     * span went back to the heap. Go: mspan.sweep.
     */
    boolean sweepSpan(MSpan s) {
        int sg = heap.sweepgen;
        if (s.state != MSpan.IN_USE || s.sweepgen != sg - 2) {
            throw new FatalError("mspan.sweep: bad span state: " + s + " has state " + s.state + " and sweepgen "
                    + s.sweepgen + ", heap sweepgen " + sg + " (a span is swept once per cycle, by the thread that"
                    + " took it off an unswept list)");
        }
        long[] marks = s.gcmarkBits;
        long[] old = s.allocBits;
        int live = 0;
        for (long w : marks) {
            live += Long.bitCount(w);
        }
        int freed = s.allocCount - live;
        if (Debug.CHECKS) {
            poisonFreed(s, old, marks);
        }
        // Rotate three bitmaps instead of clearing `old` in place: a mutator of another P may be reading this span's
        // bits racily (debug checks), and must never see a live object's bits cleared while the swap is under way.
        long[] fresh = s.spareBits;
        if (fresh == null || fresh.length != marks.length) {
            fresh = new long[marks.length];
        } else {
            Arrays.fill(fresh, 0);
        }
        s.gcmarkBits = fresh;
        s.allocBits = marks;
        s.spareBits = old;
        s.allocCount = live;
        s.resetAllocCursor();
        s.sweepgen = sg;
        if (freed > 0) {
            heap.freedObjects.addAndGet(freed);
        }
        unswept.decrementAndGet();
        if (live == 0) {
            heap.freeSpan(s);
            return false;
        }
        return true;
    }

    private void poisonFreed(MSpan s, long[] oldAlloc, long[] marks) {
        int nw = s.shape.words();
        for (int i = 0; i < s.nelems; i++) {
            long bit = 1L << i;
            if ((oldAlloc[i >>> 6] & bit) != 0 && (marks[i >>> 6] & bit) == 0) {
                long a = s.base + (long) i * nw;
                Arrays.fill(heap.arena, (int) a, (int) a + nw, POISON);
            }
        }
    }

    /** Sweeps one unswept span of any shape; false when none is left. Any goroutine with or without a P. Go: sweepone. */
    boolean sweepone() {
        if (unswept.get() <= 0) {
            return false;
        }
        MCentral[] cs = heap.centrals();
        int sg = heap.sweepgen;
        for (int k = 0; k < cs.length; k++) {
            int i = Math.floorMod(nextCentral + k, cs.length);
            MSpan s = cs[i].takeUnswept(sg);
            if (s != null) {
                nextCentral = i;                            // racy hint only
                if (sweepSpan(s)) {
                    cs[i].putSwept(s);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Sweeps until no span is left, yielding to the scheduler when asked (a safe point every span). Caller runs a
     * goroutine. Go: finishsweep_m / bgsweep.
     */
    void finish() {
        while (sweepone()) {
            Go.checkPreempt();
        }
    }
}
