package io.github.gort.internal.gcwork;

import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import jdk.internal.vm.Continuation;

/**
 * Every workbuf ever allocated, by index, so that {@link LfStack} can turn the index it packed into its head back
 * into a buffer (Go needs no registry: its lfstack packs the node's address, and workbufs live off the GC'd heap).
 *
 * <p>Buffers are never freed, as in Go 1.5 (modern Go frees them between cycles, when all are on work.empty).
 */
final class WorkbufPool {
    /*
     * Design
     *
     * Layout. Buffer i lives at chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK]. Index 0 is never used, so a packed lfstack
     * word of 0 always means "empty stack", whatever the push count (LfStack I1).
     *
     *   field      writer                             other threads may                          mode
     *   chunks     allocate (holds the monitor)       read the array; never mutated once          volatile; copy on
     *                                                 published                                  grow
     *   chunk[k]   allocate (holds the monitor)       read a slot                                 release / acquire
     *   allocated  allocate (holds the monitor)       read                                        volatile
     *
     * Invariants
     *   I1  Slots 1..allocated are set and never change; a published directory contains every chunk published before.
     *   I2  A reader only resolves an index it learned from a list head or from a buffer it holds, and that index was
     *       published (release) before the head CAS that made it visible, so resolve never sees an empty slot.
     */

    /** The largest index: 24 bits, the index field of a packed lfstack word (LfStack). */
    static final int MAX_INDEX = (1 << LfStack.INDEX_BITS) - 1;
    private static final int CHUNK_SHIFT = 6;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Workbuf[].class);

    private final int capacity;
    private volatile Workbuf[][] chunks = new Workbuf[1][];
    private volatile int allocated;

    /**
     * A pool of buffers of {@code capacity} slots each.
     *
     * @throws IllegalArgumentException if capacity is below 1 or above {@link Workbuf#MAX_CAPACITY}
     */
    WorkbufPool(int capacity) {
        if (capacity < 1 || capacity > Workbuf.MAX_CAPACITY) {
            throw new IllegalArgumentException("workbuf capacity must be between 1 and " + Workbuf.MAX_CAPACITY
                + " objects (Go uses " + Workbuf.DEFAULT_CAPACITY + "), got " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** How many buffers exist. */
    int allocated() {
        return allocated;
    }

    /**
     * Creates a new empty buffer, in hand of the caller. Any thread. Go: mgcwork.go getempty (the allocation path).
     *
     * @throws FatalError when all {@link #MAX_INDEX} indices are used
     */
    Workbuf allocate() {
        if (!Thread.currentThread().isVirtual()) {
            return allocateLocked();
        }
        // A goroutine's virtual thread: pinned, a contended monitor blocks its M (as Go's lock does) instead of
        // unmounting the goroutine while it holds its P's gcWork.
        Continuation.pin();
        try {
            return allocateLocked();
        } finally {
            Continuation.unpin();
        }
    }

    private synchronized Workbuf allocateLocked() {
        int i = allocated + 1;
        if (i > MAX_INDEX) {
            throw new FatalError("getempty: out of workbuf indices (" + MAX_INDEX + " buffers of " + capacity
                + " slots allocated)");
        }
        Workbuf b = new Workbuf(i, capacity);
        int c = i >>> CHUNK_SHIFT;
        Workbuf[][] dir = chunks;
        if (c >= dir.length || dir[c] == null) {
            Workbuf[][] grown = java.util.Arrays.copyOf(dir, Math.max(dir.length, c + 1));
            grown[c] = new Workbuf[CHUNK_SIZE];
            dir = grown;
        }
        SLOT.setRelease(dir[c], i & CHUNK_MASK, b);
        chunks = dir; // volatile: publishes a new directory (if any) after its chunk's slot
        allocated = i;
        return b;
    }

    /** The buffer with this index. Precondition: 1 &lt;= index &lt;= allocated() as seen through a list head (I2). */
    Workbuf resolve(int index) {
        Workbuf[][] dir = chunks;
        int c = index >>> CHUNK_SHIFT;
        Workbuf b = c < dir.length && dir[c] != null ? (Workbuf) SLOT.getAcquire(dir[c], index & CHUNK_MASK) : null;
        if (b == null) {
            throw new FatalError("lfstack: no workbuf with index " + index + " (" + allocated + " allocated)");
        }
        return b;
    }
}
