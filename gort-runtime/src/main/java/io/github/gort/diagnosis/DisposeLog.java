package io.github.gort.diagnosis;

import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.gcwork.Workbuf;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.PStatus;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A diagnostic record of gcMarkDone's disposals: for each workbuf, who last disposed it, for which P, and who
 * owned that P at the time (the report of {@code gort repro 11640} and of the Issue11640 tests). Off unless a
 * Heap is given one; recording costs a map put per buffer disposed.
 *
 * <p>Written by whichever thread runs the safe-point function (any M); read after a failure. Concurrent map.
 */
public final class DisposeLog {
    private final ConcurrentHashMap<Integer, String> byWorkbuf = new ConcurrentHashMap<>();
    /** The last disposal by a thread that did not own the P (the golang/go#11640 event itself), or null. */
    private volatile String lastForeign;

    public void record(P pp, GcWork w, int cycle) {
        M self = M.current();
        M owner = pp.m;
        String name = self == null ? M.currentThread().getName() : self.toString();
        boolean owns = owner != null && owner.toString().equals(name);
        String what = "disposed by " + name + (self != null && self.insyscall ? " (in a system call)" : "")
                + " for P" + pp.id + " while P" + pp.id + " was " + PStatus.name(pp.statusVolatile()) + " owned by "
                + (owner == null ? "no M" : owner.toString())
                + (owns ? "" : " -- the disposer did NOT own P" + pp.id) + ", GC cycle " + cycle;
        if (!owns) {
            lastForeign = "gcWork of P" + pp.id + " " + what + " (wbuf1=" + w.cachedWbuf1() + ", wbuf2="
                    + w.cachedWbuf2() + ")";
        }
        Workbuf b1 = w.cachedWbuf1();
        Workbuf b2 = w.cachedWbuf2();
        if (b1 != null) {
            byWorkbuf.put(b1.index(), "workbuf #" + b1.index() + " (wbuf1, nobj=" + b1.nobj() + ") " + what);
        }
        if (b2 != null) {
            byWorkbuf.put(b2.index(), "workbuf #" + b2.index() + " (wbuf2, nobj=" + b2.nobj() + ") " + what);
        }
    }

    /** What is known about the last disposal of workbuf {@code index}, or a note that none was recorded. */
    public String describe(int index) {
        String s = byWorkbuf.get(index);
        return s != null ? s : "workbuf #" + index + ": no forEachP disposal recorded";
    }

    /** The last disposal run by a thread that did not own the P, or null if there was none. */
    public String lastForeignDisposal() {
        return lastForeign;
    }
}
