package io.github.gort.internal.gcwork;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.Debug;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The global lists of GC work buffers, shared by every P: {@code work.full}, {@code work.empty} and Go 1.5's
 * {@code work.partial} (Go: mgc.go, the work struct; mgcwork.go getempty, putempty, putfull, trygetfull, handoff).
 * Also the totals that gcWorks flush on dispose.
 */
public final class WorkbufLists {
    /*
     * Design
     *
     *   field                    writer                 other threads may   mode
     *   full, empty, partial     any thread (LfStack)   push, pop           see LfStack
     *   pool                     any thread allocates   resolve             see WorkbufPool
     *   bytesMarked, scanWork    dispose, any thread    add, read           atomic add
     *   moves, handoffs          any mover              add, read           atomic add (Debug.CHECKS only)
     *
     * Invariants (Go: mgcwork.go's checknonempty/checkempty and the ownership rule of getempty/putfull)
     *   I1  A buffer on work.full has nobj > 0; on work.empty nobj == 0; on work.partial 0 < nobj < cap. Checked on
     *       every push and pop, always (Go's checknonempty/checkempty), because a count that contradicts its list
     *       proves a write by a thread that no longer held the buffer (golang/go#11640).
     *   I2  (Debug.CHECKS) A buffer is in one place: its where tag moves by CAS from IN_HAND to ON_<list> before
     *       the push, and back to IN_HAND after the pop. A double push fails at the second push.
     *   I3  Conservation: allocated() == |full| + |partial| + |empty| + buffers held by callers (checkConservation).
     *
     * Partial (Go 1.5 only): nothing in gort's gcWork pushes to it, as in the 1.5 release (golang/go#11922); it is
     * kept with 1.5's meaning, putpartial plus trygetfull's second choice, for tests and the 1.5 design.
     */

    /** The three lists, named as in Go ("work.full"). */
    public enum Kind {
        FULL("work.full", Workbuf.ON_FULL), EMPTY("work.empty", Workbuf.ON_EMPTY),
        PARTIAL("work.partial", Workbuf.ON_PARTIAL);

        private final String goName;
        final int where;

        Kind(String goName, int where) {
            this.goName = goName;
            this.where = where;
        }

        /** Go's spelling, e.g. {@code work.full}. */
        public String goName() {
            return goName;
        }
    }

    /** Go's handoff threshold ("more than 4 pointers"), lowered for tiny test buffers so that handoff is reachable. */
    private static final int GO_BALANCE_MIN = 4;

    private final WorkbufPool pool;
    private final LfStack full;
    private final LfStack empty;
    private final LfStack partial;
    private final int balanceThreshold;
    private final AtomicLong bytesMarked = new AtomicLong();
    private final AtomicLong scanWork = new AtomicLong();
    private final AtomicLongArray moves = new AtomicLongArray(2 * Kind.values().length); // [kind*2 + 0 push, 1 pop]
    private final AtomicLong handoffs = new AtomicLong();

    /** Lists of buffers with {@link Workbuf#DEFAULT_CAPACITY} slots. */
    public WorkbufLists() {
        this(Workbuf.DEFAULT_CAPACITY);
    }

    /**
     * Lists of buffers with {@code capacity} slots each (2 to 4 in tests, so that buffers fill and drain fast).
     *
     * @throws IllegalArgumentException if capacity is below 1 or above {@link Workbuf#MAX_CAPACITY}
     */
    public WorkbufLists(int capacity) {
        this.pool = new WorkbufPool(capacity);
        this.full = new LfStack(pool, Kind.FULL.goName());
        this.empty = new LfStack(pool, Kind.EMPTY.goName());
        this.partial = new LfStack(pool, Kind.PARTIAL.goName());
        this.balanceThreshold = Math.max(1, Math.min(GO_BALANCE_MIN, capacity / 2));
    }

    /** The capacity of every buffer. */
    public int capacity() {
        return pool.capacity();
    }

    /** gcWork.balance hands off half of wbuf1 when it holds more than this many objects (Go: 4). */
    int balanceThreshold() {
        return balanceThreshold;
    }

    // ------------------------------------------------------------------------------------------------ the lists

    /**
     * Returns an empty buffer, now in hand of the caller: one from work.empty, or a new one. Any thread.
     * Go: mgcwork.go getempty
     */
    public Workbuf getempty() {
        Workbuf b = empty.pop();
        if (b == null) {
            return pool.allocate(); // Go carves a span into many; one at a time is enough for a pool of objects
        }
        afterPop(b, Kind.EMPTY);
        b.checkempty("getempty", "popped from work.empty");
        return b;
    }

    /**
     * Pushes the empty buffer b to work.empty, giving up the caller's hold on it. Caller holds b and nobj == 0.
     * Go: mgcwork.go putempty
     */
    public void putempty(Workbuf b) {
        putempty(b, null);
    }

    /** {@link #putempty(Workbuf)}, with a debug note saying why ("dispose for P1 in forEachP round 3"). */
    void putempty(Workbuf b, String context) {
        b.checkempty("putempty", "pushed to work.empty");
        beforePush(b, Kind.EMPTY, "putempty", context);
        empty.push(b);
    }

    /**
     * Pushes b, which holds work, to work.full, giving up the caller's hold on it. Caller holds b and nobj &gt; 0
     * (b may be partly full). Go: mgcwork.go putfull
     */
    public void putfull(Workbuf b) {
        putfull(b, null);
    }

    /** {@link #putfull(Workbuf)}, with a debug note saying why. */
    void putfull(Workbuf b, String context) {
        b.checknonempty("putfull", "pushed to work.full");
        beforePush(b, Kind.FULL, "putfull", context);
        full.push(b);
    }

    /**
     * Pushes b to work.partial, giving up the caller's hold on it. Caller holds b and 0 &lt; nobj &lt; capacity.
     * Go 1.5: mgcwork.go putpartial
     */
    public void putpartial(Workbuf b) {
        b.checkpartial("putpartial", "pushed to work.partial");
        beforePush(b, Kind.PARTIAL, "putpartial", null);
        partial.push(b);
    }

    /**
     * Returns a buffer holding work, from work.full or else work.partial, now in hand of the caller; null when both
     * are empty at the time of the pops. Any thread. Go: mgcwork.go trygetfull
     */
    public Workbuf trygetfull() {
        Workbuf b = full.pop();
        if (b != null) {
            afterPop(b, Kind.FULL);
            b.checknonempty("trygetfull", "popped from work.full");
            return b;
        }
        b = partial.pop();
        if (b != null) {
            afterPop(b, Kind.PARTIAL);
            b.checkpartial("trygetfull", "popped from work.partial");
        }
        return b;
    }

    /**
     * Moves the top half of b's objects (nobj / 2, rounded down) into a new buffer, pushes b to work.full for other
     * workers, and returns the new buffer, in hand of the caller. Caller holds b, and b is in hand (not cached).
     * Go: mgcwork.go handoff
     */
    public Workbuf handoff(Workbuf b) {
        Workbuf b1 = getempty();
        int n = b.nobj / 2;
        int keep = b.nobj - n;
        for (int i = 0; i < n; i++) {
            b1.append(b.obj[keep + i]); // keeps the objects' order, like Go's memmove
        }
        b.nobj = keep;
        putfull(b);
        if (Debug.CHECKS) handoffs.incrementAndGet();
        return b1;
    }

    // ---------------------------------------------------------------------------------------------- statistics

    /** Adds a gcWork's counters to the global totals. Any thread. Go: mgcwork.go dispose (the Xadd64 calls). */
    void flushStats(long bytes, long scan) {
        if (bytes != 0) bytesMarked.addAndGet(bytes);
        if (scan != 0) scanWork.addAndGet(scan);
    }

    /** Bytes marked, as flushed by disposed gcWorks (Go: work.bytesMarked). */
    public long bytesMarked() {
        return bytesMarked.get();
    }

    /** Scan work, as flushed by disposed gcWorks (Go: gcController.scanWork). */
    public long scanWork() {
        return scanWork.get();
    }

    /** Pushes to {@code kind} so far; counted only when Debug.CHECKS (0 otherwise). */
    public long pushes(Kind kind) {
        return moves.get(kind.ordinal() * 2);
    }

    /** Pops from {@code kind} so far; counted only when Debug.CHECKS (0 otherwise). */
    public long pops(Kind kind) {
        return moves.get(kind.ordinal() * 2 + 1);
    }

    /** Handoffs so far; counted only when Debug.CHECKS (0 otherwise). Go: m.gcstats.nhandoff. */
    public long handoffs() {
        return handoffs.get();
    }

    // ------------------------------------------------------------------------------------------- conservation

    /** How many buffers exist. Any thread. */
    public int allocated() {
        return pool.allocated();
    }

    /** How many buffers are on {@code kind}, by walking it. Only when quiescent (no push or pop in flight). */
    public int countOn(Kind kind) {
        return stack(kind).walk(i -> { });
    }

    /** How many objects the buffers on {@code kind} hold, by walking it. Only when quiescent. */
    public long objectsOn(Kind kind) {
        long[] sum = {0};
        stack(kind).walk(i -> sum[0] += pool.resolve(i).nobj);
        return sum[0];
    }

    /**
     * Checks I1-I3 by walking every list: each listed buffer's count fits its list, no buffer is listed twice, its
     * where tag names its list (Debug.CHECKS), and allocated() equals the listed buffers plus
     * {@code heldElsewhere}, the number of buffers the callers say they hold (cached in gcWorks or in hand). Only
     * when quiescent.
     *
     * @throws WorkbufListViolation naming the first broken invariant
     */
    public void checkConservation(int heldElsewhere) {
        BitSet seen = new BitSet();
        int listed = 0;
        for (Kind k : Kind.values()) {
            listed += stack(k).walk(i -> {
                Workbuf b = pool.resolve(i);
                String event = "found on " + k.goName();
                if (seen.get(i)) {
                    throw new WorkbufListViolation(i, "checkConservation: workbuf #" + i + " is listed twice (again on "
                        + k.goName() + "; " + b.describeHistory() + ")");
                }
                seen.set(i);
                switch (k) {
                    case FULL -> b.checknonempty("checkConservation", event);
                    case EMPTY -> b.checkempty("checkConservation", event);
                    case PARTIAL -> b.checkpartial("checkConservation", event);
                }
                if (Debug.CHECKS && b.whereVolatile() != k.where) {
                    throw new WorkbufListViolation(i, "checkConservation: workbuf #" + i + " " + event + " but tagged "
                        + Workbuf.whereName(b.whereVolatile()) + " (" + b.describeHistory() + ")");
                }
            });
        }
        if (listed + heldElsewhere != allocated()) {
            throw new WorkbufListViolation(0, "checkConservation: " + allocated() + " workbufs allocated, but "
                + describe() + " and callers hold " + heldElsewhere + ": " + (allocated() - listed - heldElsewhere)
                + " unaccounted for");
        }
    }

    /** The list lengths and counters, for stress-test reports. Only when quiescent (it walks the lists). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            sb.append(k.goName()).append('=').append(countOn(k)).append(" (pushes ").append(pushes(k))
                .append(", pops ").append(pops(k)).append("), ");
        }
        return sb.append("handoffs ").append(handoffs()).append(", allocated ").append(allocated()).toString();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private LfStack stack(Kind kind) {
        return switch (kind) {
            case FULL -> full;
            case EMPTY -> empty;
            case PARTIAL -> partial;
        };
    }

    /** Debug: tags b as listed before it becomes visible to poppers (I2). Caller holds b. */
    private void beforePush(Workbuf b, Kind kind, String op, String context) {
        if (Debug.CHECKS) {
            b.moveWhere(op, Workbuf.IN_HAND, kind.where);
            b.notePush(context);
            moves.incrementAndGet(kind.ordinal() * 2);
        }
    }

    /** Debug: tags b as in hand of the popper (I2). */
    private void afterPop(Workbuf b, Kind kind) {
        if (Debug.CHECKS) {
            b.notePop();
            b.moveWhere("pop from " + kind.goName(), kind.where, Workbuf.IN_HAND);
            moves.incrementAndGet(kind.ordinal() * 2 + 1);
        }
    }
}
