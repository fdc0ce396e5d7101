package io.github.gort.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the sudogs of one blocked select share: the flag that lets exactly one waker win the select, and the case it
 * won (Go: g.selectDone and g.param, kept here so that a G needs no select fields).
 *
 * <pre>
 * field   writer                                        reader                        mode
 * done    wakers, CAS 0 -> 1 while dequeuing a sudog    wakers                        CAS
 * fired   the CAS winner, before goready                the select goroutine          plain, published by goready
 * </pre>
 * Invariant: {@code fired != null} iff some waker won the CAS; the winner alone readies the goroutine.
 */
final class SelectGroup {
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(SelectGroup.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int done;
    /** The sudog (case) that completed the select. Go: gp.param. */
    Sudog fired;

    /** Claims this select for the caller; true for exactly one caller. Caller holds the sudog's channel lock. */
    boolean claim() {
        return DONE.compareAndSet(this, 0, 1);
    }
}
