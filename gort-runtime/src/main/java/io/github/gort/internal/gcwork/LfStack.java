package io.github.gort.internal.gcwork;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.VarHandles;
import io.github.gort.runtime.FatalError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * A lock-free LIFO stack of workbufs, safe against ABA although buffers are recycled (Go: lfstack.go, lfstack.push
 * and lfstack.pop; the global lists work.full and work.empty are lfstacks).
 *
 * <p>The stack knows nothing of nobj or where tags; {@link WorkbufLists} adds those checks around it.
 */
final class LfStack {
    /*
     * Design
     *
     * The head is ONE long packing (buffer index, that buffer's push count):
     *
     *     bits 63..24: push count (40 bits)        bits 23..0: workbuf index (24 bits)
     *
     * Why 24 + 40: an index is dense (1, 2, 3, ...), and 2^24 - 1 buffers of 253 slots are 32 GiB of grey objects,
     * far beyond any heap gort will mark; every other bit goes to the counter, so an ABA needs one buffer to be
     * pushed 2^40 times (about 10^12) while a single popper sleeps between its read and its CAS. (Go packs a pointer
     * and has only about 19 count bits on amd64.) Each buffer's next field holds the packed word of the buffer below.
     *
     *   field   writer                    other threads may       mode
     *   head    pushers and poppers       CAS                     volatile read, CAS
     *
     * Invariants
     *   I1  head == 0 iff the stack is empty: index 0 is never a buffer (WorkbufPool I1).
     *   I2  A push packs pushcnt + 1, so a word once replaced never comes back: a popper that read head A and A.next
     *       before A was popped, recycled and pushed again fails its CAS, because A's count moved on.
     *   I3  A buffer is on at most one stack, at most once, between a push and the pop that returns it (the callers'
     *       contract; WorkbufLists enforces it with where tags in debug mode).
     *
     * Why not AtomicReference<Workbuf> head (the ABA problem that Go's lfstack.go packs a count against): M1's pop
     * reads head A and A.next = B; M2 pops A and
     * B, then pushes A back (A.next = C); M1's CAS from A to B succeeds, and B, which M2 holds, is on the list again.
     */

    static final int INDEX_BITS = 24;
    static final int COUNT_BITS = Long.SIZE - INDEX_BITS;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private static final VarHandle HEAD = VarHandles.field(MethodHandles.lookup(), LfStack.class, "head", long.class);

    private final WorkbufPool pool;
    private final String name;
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;

    /** An empty stack over the buffers of {@code pool}; {@code name} ("work.full") appears in messages. */
    LfStack(WorkbufPool pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Packs (index, count); the count is kept modulo 2^40. */
    static long pack(int index, long count) {
        return ((count & COUNT_MASK) << INDEX_BITS) | (index & INDEX_MASK);
    }

    static int unpackIndex(long word) {
        return (int) (word & INDEX_MASK);
    }

    static long unpackCount(long word) {
        return word >>> INDEX_BITS;
    }

    /**
     * Pushes b; the push gives up the caller's hold on b. Caller holds b, and b is on no stack. Go: lfstack.go push.
     */
    void push(Workbuf b) {
        long cnt = b.pushcnt + 1; // plain: only the holder pushes
        b.pushcnt = cnt;
        long word = pack(b.index, cnt);
        if (unpackIndex(word) != b.index || b.index == 0) {
            throw new FatalError("lfstack.push: workbuf #" + b.index + " does not fit in " + INDEX_BITS + " bits");
        }
        for (;;) {
            long old = (long) HEAD.getVolatile(this);
            b.setNextOpaque(old); // ordered before the CAS below, which releases it together with b's contents
            if (HEAD.compareAndSet(this, old, word)) {
                return;
            }
        }
    }

    /** Pops the top buffer, now in hand of the caller, or returns null when empty. Any thread. Go: lfstack.go pop. */
    Workbuf pop() {
        for (;;) {
            long old = (long) HEAD.getVolatile(this);
            if (old == 0) {
                return null;
            }
            Workbuf b = pool.resolve(unpackIndex(old));
            // b may be popped, refilled and pushed by others right now; then next is stale, but so is old, and the
            // CAS fails (I2).
            long next = b.nextOpaque();
            if (HEAD.compareAndSet(this, old, next)) {
                return b;
            }
        }
    }

    /** True when nothing is on the stack at the moment of the read. Any thread. Go: lfstack.go empty. */
    boolean empty() {
        return (long) HEAD.getVolatile(this) == 0;
    }

    /**
     * Visits the index of every buffer on the stack, top first, and returns how many there are. Only when quiescent
     * (no push or pop in flight), e.g. in tests or with the world stopped.
     *
     * @throws FatalError if the walk meets more buffers than were ever allocated (a cycle, such as a buffer that was
     *     pushed twice and became its own successor)
     */
    int walk(IntConsumer visitor) {
        int limit = pool.allocated();
        int n = 0;
        for (long w = (long) HEAD.getVolatile(this); w != 0; w = pool.resolve(unpackIndex(w)).nextOpaque()) {
            if (++n > limit) {
                throw new WorkbufListViolation(unpackIndex(w), "lfstack walk: " + name + " holds more than the "
                    + limit + " buffers ever allocated: a cycle through workbuf #" + unpackIndex(w)
                    + " (pushed twice?)");
            }
            visitor.accept(unpackIndex(w));
        }
        return n;
    }
}
