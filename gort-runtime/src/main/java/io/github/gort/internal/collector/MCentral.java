package io.github.gort.internal.collector;

import io.github.gort.heap.Shape;
import io.github.gort.internal.scheduler.RuntimeLock;
import java.util.ArrayDeque;

/**
 * The spans of one shape that no mcache holds (Go: mcentral.go, type mcentral, with its partial and full span
 * sets, each split into swept and unswept by sweepgen parity).
 *
 * <p>Sets are indexed by sweepgen: {@code partial[(sweepgen / 2) % 2]} holds swept spans with free objects and the
 * other index the spans still to sweep in this cycle. Mark termination adds 2 to sweepgen with the world stopped,
 * which turns every swept set into an unswept one in O(1) (Go's trick, mcentral.partialSwept/partialUnswept).
 *
 * <pre>
 * field            guard
 * partial, full    lock (a RuntimeLock: held for a few deque operations, never across a yield)
 * </pre>
 * Invariant: a span taken off a list under the lock is held by the taker alone (an MCache, or a sweeper) until
 * it puts it back; so a span is swept by exactly one thread, and never while an mcache allocates from it.
 */
public final class MCentral {
    /** How many unswept spans cacheSpan sweeps looking for space before it asks the heap for a new one (Go: 100). */
    private static final int SWEEP_BUDGET = 100;

    final MHeap heap;
    final Shape shape;
    private final RuntimeLock lock = new RuntimeLock();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<MSpan>[] partial = new ArrayDeque[] {new ArrayDeque<MSpan>(), new ArrayDeque<MSpan>()};
    @SuppressWarnings("unchecked")
    private final ArrayDeque<MSpan>[] full = new ArrayDeque[] {new ArrayDeque<MSpan>(), new ArrayDeque<MSpan>()};

    MCentral(MHeap heap, Shape shape) {
        this.heap = heap;
        this.shape = shape;
    }

    private static int swept(int sg) {
        return (sg >>> 1) & 1;
    }

    /**
     * A span with at least one free object, now held by the caller (an MCache), or null when the heap is out of
     * spans. Sweeps unswept spans of this shape on the way (Go: mcentral.cacheSpan, "sweep and allocate").
     */
    MSpan cacheSpan(Sweep sweep) {
        int sg = heap.sweepgen;
        int sw = swept(sg);
        MSpan s;
        lock.lock();
        try {
            s = partial[sw].poll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            return s;
        }
        for (int i = 0; i < SWEEP_BUDGET; i++) {
            s = takeUnswept(sg);
            if (s == null) {
                break;
            }
            if (!sweep.sweepSpan(s)) {
                continue;                                   // every object was dead: the span went back to the heap
            }
            if (s.hasFree()) {
                return s;
            }
            putSwept(s);
        }
        return heap.allocSpan(shape);
    }

    /** An unswept span of this shape, now held by the caller, or null. Any thread. */
    MSpan takeUnswept(int sg) {
        int un = swept(sg) ^ 1;
        lock.lock();
        try {
            MSpan s = partial[un].poll();
            return s != null ? s : full[un].poll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns a swept span the caller holds (an mcache flushing it, or a sweeper). Go: mcentral.uncacheSpan. */
    void putSwept(MSpan s) {
        int sw = swept(heap.sweepgen);
        lock.lock();
        try {
            (s.hasFree() ? partial[sw] : full[sw]).add(s);
        } finally {
            lock.unlock();
        }
    }

    /** How many spans this central holds on all lists. Quiescent only (checks and stats). */
    int spanCount() {
        lock.lock();
        try {
            return partial[0].size() + partial[1].size() + full[0].size() + full[1].size();
        } finally {
            lock.unlock();
        }
    }
}
