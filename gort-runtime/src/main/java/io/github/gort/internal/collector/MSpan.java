package io.github.gort.internal.collector;

import io.github.gort.heap.Shape;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A span: {@link MHeap#SPAN_WORDS} consecutive arena words cut into objects of one {@link Shape} (Go: mheap.go,
 * type mspan). Allocation scans {@link #allocBits} for clear bits; marking sets {@link #gcmarkBits}; sweeping
 * makes the mark bits the new alloc bits (Go's gcmarkBits/allocBits swap), so a sweep costs a pass over the
 * bitmap words, not over the objects.
 *
 * <pre>
 * field                  writer                                        others               mode
 * base, index            MHeap.allocSpan, before publishing in spans   read                 plain, published
 *                                                                                           by the span table
 * shape, nelems, divMul  MHeap.allocSpan (span not yet visible)        read by markers      plain, as above
 * allocBits, freeindex,  the span's holder: the MCache that cached it  -                    plain; hand-offs go
 *  allocCache,           (its P's owner), or the sweeper that took it                       through MCentral's
 *  cacheBase, allocCount out of an MCentral list under its lock                             lock
 * gcmarkBits             markers (any P, during mark) by atomic OR;    read by sweep,       getAndBitwiseOr /
 *                        the sweeper (swap)                            checkmark            plain when quiescent
 * checkmarkBits          the checkmark pass, world stopped             -                    plain
 * spareBits              the sweeper                                   -                    plain
 * sweepgen               the sweeper, after sweeping                   read                 volatile
 * state                  MHeap, under its lock                         read                 plain
 * </pre>
 * Invariants: I1 a bit in allocBits is set iff that object was reachable at the last mark or allocated since the
 * span was swept; I2 gcmarkBits is all zero whenever no mark is in progress and the span is swept (sweep clears
 * it); I3 allocCount == popcount(allocBits[0, nelems)) at the start of each span hand-off.
 */
public final class MSpan {
    static final int FREE = 0;
    public static final int IN_USE = 1;
    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(long[].class);

    final int index;
    public final long base;
    public Shape shape;
    public int nelems;
    /** ceil(2^32 / nwords): (offset * divMul) >>> 32 == offset / nwords for every offset in a span (Go: divMul). */
    long divMul;
    public long[] allocBits;
    long[] gcmarkBits;
    long[] checkmarkBits;
    /** The third bitmap of the sweep's rotation (the alloc bits before the last sweep); sweeper only. */
    long[] spareBits;
    /** Allocation cursor: the 64-object group whose free bits are in allocCache. */
    int cacheBase;
    /** Free slots of the group at cacheBase not yet handed out (1 = free). */
    long allocCache;
    int allocCount;
    /** allocCount when an MCache took the span (allocation statistics). Holder only. */
    int allocCountAtCache;
    volatile int sweepgen;
    public int state = FREE;

    MSpan(int index, long base) {
        this.index = index;
        this.base = base;
    }

    /** Sets the span up for objects of shape s, all free. Caller holds the span exclusively. */
    void init(Shape s, int sweepgen) {
        shape = s;
        nelems = MHeap.SPAN_WORDS / s.words();
        divMul = ((1L << 32) + s.words() - 1) / s.words();
        int words = (nelems + 63) >>> 6;
        if (allocBits == null || allocBits.length != words) {
            allocBits = new long[words];
            gcmarkBits = new long[words];
        } else {
            java.util.Arrays.fill(allocBits, 0);
            java.util.Arrays.fill(gcmarkBits, 0);
        }
        checkmarkBits = null;
        spareBits = null;
        allocCount = 0;
        resetAllocCursor();
        this.sweepgen = sweepgen;
        state = IN_USE;
    }

    void resetAllocCursor() {
        cacheBase = 0;
        allocCache = ~allocBits[0];
    }

    /** The object index of address a, which lies in this span. */
    public int objIndex(long a) {
        return (int) (((a - base) * divMul) >>> 32);
    }

    /**
     * Takes the next free object, or returns 0 when the span is full. Caller holds the span (its MCache's P).
     * Go: mspan.nextFreeIndex, with allocCache.
     */
    long nextFree() {
        long c = allocCache;
        while (c == 0) {
            int nb = cacheBase + 64;
            if (nb >= nelems) {
                cacheBase = nb;
                return 0;
            }
            cacheBase = nb;
            c = ~allocBits[nb >>> 6];
        }
        int idx = cacheBase + Long.numberOfTrailingZeros(c);
        if (idx >= nelems) {
            allocCache = 0;
            return 0;
        }
        allocCache = c & (c - 1);
        allocBits[idx >>> 6] |= 1L << idx;
        allocCount++;
        return base + (long) idx * shape.words();
    }

    boolean hasFree() {
        return allocCount < nelems;
    }

    /** Sets a's mark bit; true if this call set it (a was white). Any marker. Go: greyobject's mark-bit CAS. */
    boolean tryMark(long a) {
        int idx = objIndex(a);
        long bit = 1L << idx;
        int w = idx >>> 6;
        if ((gcmarkBits[w] & bit) != 0) {
            return false;
        }
        return ((long) BITS.getAndBitwiseOr(gcmarkBits, w, bit) & bit) == 0;
    }

    /** True if a is the start of an allocated object of this span (debug checks). Caller holds or reads racily. */
    public boolean isAllocatedObject(long a) {
        if (state != IN_USE || a < base || a >= base + (long) nelems * shape.words()) {
            return false;
        }
        long off = a - base;
        if (off % shape.words() != 0) {
            return false;
        }
        int idx = objIndex(a);
        return (allocBits[idx >>> 6] & (1L << idx)) != 0 || (gcmarkBits[idx >>> 6] & (1L << idx)) != 0;
    }

    @Override
    public String toString() {
        return "span " + index + " [" + base + ", " + (base + MHeap.SPAN_WORDS) + ") " + shape + " alloc "
                + allocCount + "/" + nelems;
    }
}
