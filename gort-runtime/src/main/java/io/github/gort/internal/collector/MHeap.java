package io.github.gort.internal.collector;

import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.OutOfHeapError;
import io.github.gort.heap.Shape;
import io.github.gort.internal.scheduler.RuntimeLock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page heap: one {@code long[]} arena cut into fixed-size spans, the span table, and the shapes (Go: mheap.go,
 * mheap_ with its arenas and spans; the size classes of sizeclasses.go become {@link Shape}s here).
 *
 * <h2>Why one long[] arena</h2>
 * An object is a run of arena words and its id is the index of its first word, a non-zero {@code long}. Reading
 * a slot is one bounds-checked array load that C2 compiles as tightly as a field read; there are no Java objects
 * per heap object for the JVM's own GC to trace, no headers (the span knows the shape), and a mark or alloc bit
 * is one bit in a per-span bitmap. An off-heap {@code MemorySegment} would avoid the up-front zeroing of the
 * arena but costs a segment bounds check plus a scope check per access; {@code Unsafe} is not available to gort.
 * The cost of the array: its size is fixed at the heap limit (at most 2^31 - 1 words, 16 GiB), reserved when
 * the heap is created (untouched pages are not resident), and span 0 is never used so that address 0 means nil.
 *
 * <pre>
 * field          writer                                     others              mode
 * arena          the holder of an object's span (alloc),    read                plain; races are the
 *                mutators (slot writes), markers (read)                         program's, as in Go
 * spans[i]       allocSpan under lock, before the span is   read by markers     plain array, published by
 *                handed to an MCentral                      (spanOf)            MCentral's lock / STW
 * freeSpans,     allocSpan / freeSpan under lock            -                   RuntimeLock
 *  nextFresh
 * sweepgen       mark termination, world stopped            read                volatile
 * heapLive etc.  atomic counters                            read                atomic
 * </pre>
 * Invariants: I1 every span index below nextFresh is either on freeSpans (FREE) or in exactly one MCentral list
 * or MCache or sweeper's hand (IN_USE); I2 arena.length words never grow: running out is an error that names the
 * limit ({@link OutOfHeapError}), never a partly written object.
 */
public final class MHeap {
    static final int SPAN_SHIFT = 13;
    /** Words per span: 8192 words = 64 KiB (Go: 8 KiB pages; one span per 64 KiB keeps the table small). */
    static final int SPAN_WORDS = 1 << SPAN_SHIFT;
    static final int MAX_SHAPES = 4096;

    public final long[] arena;
    public final long limitBytes;
    final MSpan[] spans;
    private final RuntimeLock lock = new RuntimeLock();
    private final ArrayDeque<MSpan> freeSpans = new ArrayDeque<>();
    private int nextFresh = 1;
    private int inUse;
    volatile int sweepgen;
    /** Bytes of objects allocated or reserved by mcaches since the last mark (Go: gcController.heapLive). */
    public final AtomicLong heapLive = new AtomicLong();
    public final AtomicLong allocatedObjects = new AtomicLong();
    /** Bytes of the objects counted in allocatedObjects (Go: /gc/heap/allocs:bytes). */
    public final AtomicLong allocatedBytes = new AtomicLong();
    public final AtomicLong freedObjects = new AtomicLong();

    private final ConcurrentHashMap<Long, Shape> shapes = new ConcurrentHashMap<>();
    private volatile MCentral[] centrals = new MCentral[0];

    /** Makes the Shape objects (their constructor belongs to the API package, which passes it in). */
    public interface ShapeFactory {
        Shape make(int id, int nptr, int nscalar);
    }

    private final ShapeFactory shapeFactory;

    public MHeap(long limitBytes, ShapeFactory shapeFactory) {
        this.shapeFactory = shapeFactory;
        long words = limitBytes / 8;
        if (words < 2L * SPAN_WORDS || words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("heap limit " + ByteSizes.format(limitBytes)
                    + " is out of range: use at least " + ByteSizes.format(16L * SPAN_WORDS)
                    + " and at most 15 GiB (gort's arena is one long[])");
        }
        int nspans = (int) (words >>> SPAN_SHIFT);
        this.arena = new long[nspans * SPAN_WORDS];
        this.limitBytes = (long) nspans * SPAN_WORDS * 8;
        this.spans = new MSpan[nspans];
    }

    /** The shape with nptr pointer slots then nscalar words, registered on first use. Any thread. */
    public Shape shape(int nptr, int nscalar) {
        if (nptr < 0 || nscalar < 0 || (long) nptr + nscalar > SPAN_WORDS) {
            throw new IllegalArgumentException("Heap.shape(" + nptr + ", " + nscalar + "): an object has 0 or more"
                    + " pointer and scalar words, at most " + SPAN_WORDS + " words (" + SPAN_WORDS * 8 / 1024
                    + " KiB) in all; larger objects are not supported yet");
        }
        long key = ((long) nptr << 32) | nscalar;
        Shape s = shapes.get(key);
        if (s != null) {
            return s;
        }
        synchronized (shapes) {
            s = shapes.get(key);
            if (s == null) {
                int id = centrals.length;
                if (id >= MAX_SHAPES) {
                    throw new IllegalArgumentException("Heap.shape: more than " + MAX_SHAPES + " distinct shapes;"
                            + " reuse shapes (pad scalars) instead of making one per object");
                }
                s = shapeFactory.make(id, nptr, nscalar);
                MCentral[] cs = Arrays.copyOf(centrals, id + 1);
                cs[id] = new MCentral(this, s);
                centrals = cs;
                shapes.put(key, s);
            }
            return s;
        }
    }

    MCentral central(Shape s) {
        return centrals[s.id()];
    }

    MCentral[] centrals() {
        return centrals;
    }

    /** The span holding address a, or null if a is outside every span in use. Any thread. Go: spanOf. */
    public MSpan spanOf(long a) {
        long si = a >>> SPAN_SHIFT;
        if (a <= 0 || si >= spans.length) {
            return null;
        }
        return spans[(int) si];
    }

    /**
     * A span for shape s, all free, or null when the arena is exhausted. The caller (an MCentral) holds it.
     * Go: mheap.alloc.
     */
    MSpan allocSpan(Shape s) {
        MSpan sp;
        lock.lock();
        try {
            sp = freeSpans.poll();
            if (sp == null) {
                if (nextFresh >= spans.length) {
                    return null;
                }
                int i = nextFresh++;
                sp = new MSpan(i, (long) i << SPAN_SHIFT);
                spans[i] = sp;
            }
            inUse++;
        } finally {
            lock.unlock();
        }
        sp.init(s, sweepgen);
        return sp;
    }

    /** Gives an empty span back. Caller holds it (the sweeper, which found no live object). Go: mheap.freeSpan. */
    void freeSpan(MSpan sp) {
        lock.lock();
        try {
            sp.state = MSpan.FREE;
            sp.shape = null;
            freeSpans.push(sp);
            inUse--;
        } finally {
            lock.unlock();
        }
    }

    /** Spans in use (not free). Racy read. */
    int spansInUse() {
        return inUse;
    }

    /** Bytes of spans in use. Racy read. */
    public long heapInUseBytes() {
        return (long) inUse * SPAN_WORDS * 8;
    }
}
