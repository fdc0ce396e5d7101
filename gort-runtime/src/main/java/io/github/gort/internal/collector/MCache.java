package io.github.gort.internal.collector;

import io.github.gort.heap.Shape;
import java.util.Arrays;

/**
 * A P's allocation cache: one span per shape to allocate from without a lock (Go: mcache.go, type mcache).
 *
 * <p><b>Owner only</b>, like every P-local cache (reached through {@code PLocal}, which asserts ownership in debug
 * mode): the M that owns the P, or the world-stopper flushing it at mark termination. Nothing here is atomic.
 *
 * <pre>
 * field              writer            mode
 * alloc[shape.id]    the P's owner     plain
 * assistDebt,        the P's owner     plain; assistDebt is settled by gcAssistAlloc, blackBytes flushed at
 *  blackBytes                          mark termination (world stopped)
 * </pre>
 * Invariant: a span in alloc[] is held by this cache alone (taken from its MCentral under the central's lock) and
 * is swept for the current sweepgen.
 */
public final class MCache {
    private final MHeap heap;
    private final Sweep sweep;
    MSpan[] alloc = new MSpan[8];
    /** Bytes this P allocated during the current mark that it has not yet paid for with assist work. */
    long assistDebt;
    /** Bytes allocated black during the current mark (they count as marked). */
    long blackBytes;

    public MCache(MHeap heap, Sweep sweep) {
        this.heap = heap;
        this.sweep = sweep;
    }

    /** The next free object of shape s, or 0 if this cache's span for s is full. Caller owns the P. */
    public long nextFree(Shape s) {
        MSpan[] a = alloc;
        int id = s.id();
        if (id < a.length) {
            MSpan sp = a[id];
            if (sp != null) {
                return sp.nextFree();
            }
        }
        return 0;
    }

    /**
     * Replaces the span for s with one that has free space and returns an object from it, or 0 when the heap is
     * out of spans. Caller owns the P. Go: mcache.refill.
     */
    public long refill(Shape s) {
        int id = s.id();
        if (id >= alloc.length) {
            alloc = Arrays.copyOf(alloc, Math.max(id + 1, alloc.length * 2));
        }
        MSpan old = alloc[id];
        if (old != null) {
            alloc[id] = null;
            release(old);
        }
        MSpan sp = heap.central(s).cacheSpan(sweep);
        if (sp == null) {
            return 0;
        }
        heap.heapLive.addAndGet((long) (sp.nelems - sp.allocCount) * s.bytes());
        sp.allocCountAtCache = sp.allocCount;
        alloc[id] = sp;
        return sp.nextFree();
    }

    /** Gives every cached span back to its MCentral. Caller owns the P (or the world is stopped). Go: releaseAll. */
    void releaseAll() {
        MSpan[] a = alloc;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                release(a[i]);
                a[i] = null;
            }
        }
    }

    private void release(MSpan sp) {
        // Slots reserved in heapLive at refill but never used are given back (Go: uncacheSpan's adjustment).
        heap.heapLive.addAndGet(-(long) (sp.nelems - sp.allocCount) * sp.shape.bytes());
        heap.allocatedObjects.addAndGet(sp.allocCount - sp.allocCountAtCache);
        heap.allocatedBytes.addAndGet((long) (sp.allocCount - sp.allocCountAtCache) * sp.shape.bytes());
        heap.central(sp.shape).putSwept(sp);
    }
}
