package io.github.gort.internal.chan;

import io.github.gort.internal.scheduler.VarHandles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the sudogs of one blocked select share: the flag that lets exactly one waker win the select, and the case it
 * won (Go: g.selectDone and g.param, kept here so that a G needs no select fields). {@link SelectImpl}, the run
 * state of a select, is the group of its own sudogs and serves every run: the select goroutine resets it before it
 * enqueues them.
 *
 * <pre>
 * field   writer                                        reader                        mode
 * done    the select goroutine resets it to 0 before    wakers                        CAS; the reset is a
 *         enqueueing; wakers CAS 0 -> 1 while dequeuing                               release store, published
 *                                                                                     by the channel locks
 * fired   the CAS winner, before goready; the select    the select goroutine          plain, published by goready
 *         goroutine clears it after pass 3
 * </pre>
 * Invariant: while the sudogs are queued, {@code fired != null} iff some waker won the CAS; the winner alone readies
 * the goroutine.
 */
class SelectGroup {
    private static final VarHandle DONE = VarHandles.field(MethodHandles.lookup(), SelectGroup.class, "done", int.class);

    @SuppressWarnings("unused") // reached only through DONE: release store (reset), CAS (claim)
    private int done;
    /** The sudog (case) that completed the select. Go: gp.param. */
    Sudog fired;

    /** Makes the group claimable again. Caller is the select goroutine, with none of its sudogs queued. */
    void reset() {
        DONE.setRelease(this, 0);
        fired = null;
    }

    /** Claims this select for the caller; true for exactly one caller. Caller holds the sudog's channel lock. */
    boolean claim() {
        return DONE.compareAndSet(this, 0, 1);
    }
}
