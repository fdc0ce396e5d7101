package io.github.gort.internal.gcwork;

import io.github.gort.diagnosis.WorkbufListViolation;
import io.github.gort.internal.scheduler.Debug;

/**
 * A P's private cache of grey objects: two workbufs that producers (the write barrier, scanning) put into and
 * consumers (the drain loops) take from, touching the global {@link WorkbufLists} only when both are full or both
 * are empty (Go: mgcwork.go, type gcWork; p.gcw in runtime2.go).
 *
 * <p><b>Not thread-safe, on purpose.</b> Only the P's current owner may call any method: the M that owns the P, the
 * world-stopper, the sched.lock holder for an idle P, or the winner of the CAS out of _Psyscall (Go: mgcwork.go's
 * "preemption must be disabled" rule, which on the JVM is the P-ownership rule of PLocal). The P-local data API
 * enforces that; this class only offers a hook, {@link #setOwnerCheck}, that every operation calls first when
 * Debug.CHECKS is on.
 */
public final class GcWork {
    /*
     * Design
     *
     * Two buffers, Go 1.6 and later. wbuf1 is the one put and tryGet work on; wbuf2 is a spare. put on a full wbuf1
     * swaps the two and only when both are full pushes one to work.full; tryGet on an empty wbuf1 swaps and only
     * when both are empty pops from work.full. That is hysteresis: a P that alternates put and tryGet right at a
     * buffer boundary (a frequent pattern: scan one object, find one pointer) moves between its own two buffers, not
     * to and from the global lists, so a round trip through a lock-free list costs at least a buffer's worth of
     * local operations.
     *
     * The alternative, Go 1.5, cached one buffer, wbuf, that was never empty and never full while cached: put
     * pushed it to work.full the moment it filled, tryGet pushed it to work.empty the moment it emptied. Simpler
     * (no swap, no empty spare), but a put/tryGet pair at a boundary costs a push and a pop each time, and that
     * thrashing on the shared lists is what 1.6 removed.
     *
     *   field                  writer           other threads may   mode
     *   wbuf1, wbuf2           the P's owner    nothing             plain
     *   bytesMarked, scanWork  the P's owner    nothing             plain; dispose adds them to the lists
     *   flushedWork            the P's owner    nothing             plain; gcMarkDone reads it via forEachP
     *   ownerCheck, context    the P's owner    nothing             plain
     *
     * Invariants (Go: mgcwork.go, the gcWork comment and checkempty)
     *   I1  wbuf1 == null iff wbuf2 == null (always checked where the two swap: spare).
     *   I2  A cached buffer is on no list (Debug.CHECKS: its where tag is IN_GCWORK from the moment it is cached
     *       until the moment it is given back).
     *   I3  After dispose both are null, and every object put since the last dispose is either returned by tryGet
     *       or on work.full.
     *
     * Object ids are non-zero longs; 0 means "no object", as Go's tryGet returns 0.
     */

    private final WorkbufLists lists;
    private Workbuf wbuf1;
    private Workbuf wbuf2;
    /** Bytes of objects this P marked since the last dispose. Owner only. Go: gcWork.bytesMarked. */
    public long bytesMarked;
    /** Scan work this P did since the last dispose. Owner only. Go: gcWork.heapScanWork (1.5: scanWork). */
    public long scanWork;
    /** Set when this gcWork pushed work to work.full; gcMarkDone clears it and reads it per P. Go: flushedWork. */
    boolean flushedWork;
    private Runnable ownerCheck;
    private String context;
    /** Pause point "gcw.dispose.afterPush" (tests, repro): runs after dispose pushed wbuf1, before it clears it. */
    private Runnable afterPushHook;

    /** An empty cache over {@code lists}. It takes buffers on first use. */
    public GcWork(WorkbufLists lists) {
        this.lists = lists;
    }

    /**
     * Sets the hook every operation calls first when Debug.CHECKS is on, so that the P can assert that the caller
     * owns it (it should throw a FatalError if not). Null removes it. Caller owns the P.
     */
    public void setOwnerCheck(Runnable check) {
        this.ownerCheck = check;
    }

    /**
     * Sets the note stored with every buffer this gcWork pushes, for debug messages, such as
     * {@code "dispose for P1 in forEachP round 3"}; null clears it. Kept only when Debug.CHECKS. Caller owns the P.
     */
    public void setDebugContext(String context) {
        this.context = context;
    }

    /** Sets the pause point run inside {@link #dispose} after the push of wbuf1; null removes it. Caller owns the P. */
    public void setAfterPushHook(Runnable hook) {
        this.afterPushHook = hook;
    }

    /** The cached wbuf1, for diagnostics (DisposeLog). Caller owns the P. */
    public Workbuf cachedWbuf1() {
        return wbuf1;
    }

    /** The cached wbuf2, for diagnostics. Caller owns the P. */
    public Workbuf cachedWbuf2() {
        return wbuf2;
    }

    /** The lists this cache draws from and flushes to. */
    public WorkbufLists lists() {
        return lists;
    }

    /**
     * Adds a grey object. Caller owns the P; obj is non-zero. Go: mgcwork.go put (1.6+; also putFast, putObj).
     *
     * @throws IllegalArgumentException if obj is 0, which means "no object"
     */
    public void put(long obj) {
        if (Debug.CHECKS) ownerCheck();
        if (obj == 0) {
            throw new IllegalArgumentException("gcWork.put: object id 0 is reserved for \"no object\"");
        }
        Workbuf w = wbuf1;
        if (w == null) {
            init();
            w = wbuf1;
        } else if (w.nobj == w.capacity()) {
            Workbuf other = spare(w, "put");
            wbuf1 = other;
            wbuf2 = w;
            w = other;
            if (w.nobj == w.capacity()) {
                giveUp(w);
                lists.putfull(w, context);
                flushedWork = true;
                w = take(lists.getempty());
                wbuf1 = w;
            }
        }
        w.append(obj);
    }

    /**
     * Removes and returns a grey object, or 0 when neither this cache nor work.full/work.partial has one. Caller
     * owns the P. Go: mgcwork.go tryGet (1.6+; also tryGetFast, tryGetObj).
     */
    public long tryGet() {
        if (Debug.CHECKS) ownerCheck();
        Workbuf w = wbuf1;
        if (w == null) {
            init();
            w = wbuf1;
        }
        if (w.nobj == 0) {
            Workbuf other = spare(w, "tryGet");
            wbuf1 = other;
            wbuf2 = w;
            w = other;
            if (w.nobj == 0) {
                Workbuf got = lists.trygetfull();
                if (got == null) {
                    return 0;
                }
                giveUp(w);
                lists.putempty(w, context);
                w = take(got);
                wbuf1 = w;
            }
        }
        return w.takeLast();
    }

    /**
     * Gives work to other workers: pushes wbuf2 to work.full if it holds any, else hands off half of wbuf1 when it
     * holds more than a few objects. Caller owns the P, and someone is waiting for work (Go's drain loops call it
     * when work.full is empty); the caller then wakes an idle worker (Go: enlistWorker). Go: mgcwork.go balance
     */
    public void balance() {
        if (Debug.CHECKS) ownerCheck();
        Workbuf w = wbuf1;
        if (w == null) {
            return;
        }
        Workbuf spare = spare(w, "balance");
        if (spare.nobj != 0) {
            giveUp(spare);
            lists.putfull(spare, context);
            wbuf2 = take(lists.getempty());
            flushedWork = true;
        } else if (w.nobj > lists.balanceThreshold()) {
            giveUp(w);
            wbuf1 = take(lists.handoff(w));
            flushedWork = true;
        }
    }

    /**
     * True when this cache holds no object (it may still hold empty buffers). Caller owns the P.
     * Go: mgcwork.go empty
     */
    public boolean empty() {
        if (Debug.CHECKS) ownerCheck();
        Workbuf w = wbuf1;
        return w == null || (w.nobj == 0 && spare(w, "empty").nobj == 0);
    }

    /**
     * Returns both buffers to the lists (empty ones to work.empty, the rest to work.full, however few objects they
     * hold, so that other workers can take them), clears both, and adds this P's counters to the lists' totals.
     * Caller owns the P: a dispose racing with the owner's put or tryGet is golang/go#11640. Go: mgcwork.go dispose
     */
    public void dispose() {
        if (Debug.CHECKS) ownerCheck();
        Workbuf w = wbuf1;
        if (w != null) {
            giveBack(w);
            Runnable hook = afterPushHook;
            if (hook != null) {
                hook.run();
            }
            wbuf1 = null;
            giveBack(wbuf2);
            wbuf2 = null;
        }
        lists.flushStats(bytesMarked, scanWork);
        bytesMarked = 0;
        scanWork = 0;
    }

    /** How many buffers this cache holds (0 or 2), for conservation checks. Caller owns the P. */
    public int held() {
        return wbuf1 == null ? 0 : 2;
    }

    /** True if this gcWork pushed work since the flag was last cleared. Caller owns the P. */
    public boolean flushedWork() {
        return flushedWork;
    }

    /** Clears flushedWork, as gcMarkDone does before each forEachP round. Caller owns the P. */
    public void clearFlushedWork() {
        flushedWork = false;
    }

    @Override
    public String toString() {
        return "gcWork{wbuf1=" + wbuf1 + ", wbuf2=" + wbuf2 + ", flushedWork=" + flushedWork + "}";
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Takes the first two buffers: an empty one, and work from the lists if any. Go: mgcwork.go init. */
    /**
     * wbuf2, given that wbuf1 is w (non-null). A null wbuf2 breaks I1: the cache was torn by a dispose on another
     * thread while its owner used it, which is golang/go#11640 (Go would fault on the nil buffer). Always checked:
     * one null test where the two buffers swap.
     */
    private Workbuf spare(Workbuf w, String where) {
        Workbuf s = wbuf2;
        if (s == null) {
            throw new WorkbufListViolation(w.index(), "gcWork." + where + ": torn gcWork: wbuf1 is workbuf #"
                    + w.index() + " but wbuf2 is nil; another thread disposed this P's gcWork while its owner used"
                    + " it (golang/go#11640)");
        }
        return s;
    }

    private void init() {
        wbuf1 = take(lists.getempty());
        Workbuf w = lists.trygetfull();
        wbuf2 = take(w != null ? w : lists.getempty());
    }

    /** Pushes one cached buffer to the list its count calls for. Caller has cleared or will clear the field. */
    private void giveBack(Workbuf b) {
        giveUp(b);
        if (b.nobj == 0) {
            lists.putempty(b, context);
        } else {
            lists.putfull(b, context);
            flushedWork = true;
        }
    }

    /** Debug: a buffer from the lists becomes cached (I2). */
    private static Workbuf take(Workbuf b) {
        if (Debug.CHECKS) b.moveWhere("gcWork cache", Workbuf.IN_HAND, Workbuf.IN_GCWORK);
        return b;
    }

    /** Debug: a cached buffer goes back in hand, on its way to a list (I2). */
    private static void giveUp(Workbuf b) {
        if (Debug.CHECKS) b.moveWhere("gcWork uncache", Workbuf.IN_GCWORK, Workbuf.IN_HAND);
    }

    private void ownerCheck() {
        Runnable check = ownerCheck;
        if (check != null) {
            check.run();
        }
    }
}
