package io.github.gort.internal.collector;

import io.github.gort.heap.Mutator;
import io.github.gort.heap.Root;
import io.github.gort.heap.Shape;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.internal.scheduler.G;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.PLocal;
import io.github.gort.runtime.FatalError;

/**
 * The marking primitives: shade, greyobject, scanobject, the drain loops and root marking, and the mutators'
 * share of mark work: allocate-black and assists (Go: mgcmark.go shade, greyobject, scanobject, gcDrain, gcDrainN,
 * markroot, gcmarknewobject, gcAssistAlloc; mbarrier.go for the write barrier that calls shade; malloc.go
 * deductAssistCredit for the debt).
 *
 * <p>Colours: white = mark bit clear; grey = mark bit set and the object is in some gcWork or on work.full;
 * black = mark bit set and scanned. Whoever wins the mark bit (an atomic OR in the span's gcmarkBits) puts the
 * object into its OWN P's gcWork; every method here that takes a GcWork must be called by that P's owner,
 * without a yield in between (the gcWork is P-local; Go's mgcwork.go asks for preemption disabled while one is in
 * use). The world-stopper counts as owner.
 *
 * <p>Invariant (the tri-colour invariant, Dijkstra form): during mark, no black heap object points to a white
 * object, because every pointer store shades its new value first ({@link Mutator#setPtr}); roots (globals and
 * goroutine scopes) carry no barrier and are rescanned with the world stopped at mark termination, as Go 1.5
 * rescanned stacks.
 *
 * <pre>
 * field                        writer        mode
 * all                          constructor   final (the state is in the spans, the gcWorks and the mcaches)
 * </pre>
 */
public final class GcMark {
    private final MHeap heap;
    private final Roots roots;
    private final PLocal<GcWork> gcwLocal;
    private final PLocal<MCache> mcacheLocal;
    private final GcPacer pacer;

    GcMark(MHeap heap, Roots roots, PLocal<GcWork> gcwLocal, PLocal<MCache> mcacheLocal, GcPacer pacer) {
        this.heap = heap;
        this.roots = roots;
        this.gcwLocal = gcwLocal;
        this.mcacheLocal = mcacheLocal;
        this.pacer = pacer;
    }

    // ----------------------------------------------------------------------------- mutator-side hooks

    /**
     * Allocate black during mark, and pay for the allocation with mark work once the P's debt reaches the
     * pacer's threshold. Caller owns gp's P; no yield. Go: gcmarknewobject + deductAssistCredit.
     */
    public void allocBlack(long a, Shape s, G gp) {
        heap.spanOf(a).tryMark(a);
        P pp = gp.m.p;
        MCache c = mcacheLocal.get(pp);
        long bytes = s.bytes();
        c.blackBytes += bytes;
        c.assistDebt += bytes;
        if (pacer.assistDue(c.assistDebt)) {
            gcAssistAlloc(c, pp, gp);
        }
    }

    /** Scans objects from the caller's own P's gcWork in proportion to its allocation. Go: gcAssistAlloc. */
    private void gcAssistAlloc(MCache c, P pp, G gp) {
        long t0 = System.nanoTime();
        long owed = pacer.scanWorkOwed(c.assistDebt);
        c.assistDebt = 0;
        GcWork w = gcwLocal.get(pp);
        long start = w.scanWork;
        while (w.scanWork - start < owed) {
            if (gcDrain(w, gp, 64) == 0) {
                break;
            }
        }
        pacer.recordAssist(System.nanoTime() - t0);
    }

    /** The write barrier's slow path: grey val into the running P's gcWork. Caller owns gp's P. Go: shade. */
    public void shade(long val, G gp) {
        greyobject(val, gcwLocal.get(gp.m.p));
    }

    // ------------------------------------------------------------------------------------ the primitives

    /** Greys obj if it is white. Caller owns the P of gcw. Go: shade + greyobject. */
    void greyobject(long obj, GcWork gcw) {
        MSpan s = heap.spanOf(obj);
        if (s == null || s.state != MSpan.IN_USE) {
            throw new FatalError("greyobject: " + obj + " is not in a span in use (a dangling or forged object id)");
        }
        if (Debug.CHECKS && !s.isAllocatedObject(obj)) {
            throw new FatalError("greyobject: " + obj + " is not the start of an allocated object in " + s);
        }
        if (Debug.CHECKS && s.sweepgen != heap.sweepgen) {
            throw new FatalError("greyobject: " + obj + " is in " + s + ", which is not swept (span sweepgen "
                    + s.sweepgen + ", heap " + heap.sweepgen + ")");
        }
        if (s.tryMark(obj)) {
            gcw.put(obj);
            gcw.bytesMarked += s.shape.bytes();
        }
    }

    /** Greys every non-nil pointer slot of the grey object obj, making it black. Caller owns gcw's P. Go: scanobject. */
    void scanobject(long obj, GcWork gcw) {
        MSpan s = heap.spanOf(obj);
        Shape sh = s.shape;
        long[] arena = heap.arena;
        int a = (int) obj;
        for (int i = 0, n = sh.nptr(); i < n; i++) {
            long p = arena[a + i];
            if (p != 0) {
                greyobject(p, gcw);
            }
        }
        gcw.scanWork += sh.bytes();
    }

    /**
     * Scans grey objects from gcw until it and the global lists have none, gp is asked to yield, or max objects
     * were scanned. Returns the number scanned. Caller owns gcw's P and does not yield inside. Go: gcDrain with
     * gcDrainUntilPreempt (gp non-null) and gcDrainN (the max).
     */
    int gcDrain(GcWork gcw, G gp, int max) {
        int n = 0;
        while (n < max) {
            if ((n & 63) == 63 && gp != null && gp.preempt) {
                break;
            }
            long obj = gcw.tryGet();
            if (obj == 0) {
                break;
            }
            scanobject(obj, gcw);
            n++;
        }
        return n;
    }

    /** Greys every root: global roots, then every goroutine scope. Caller owns gcw's P. Go: markroot. */
    void markroots(GcWork gcw) {
        for (Root r : roots.globals) {
            long v = r.get();
            if (v != 0) {
                greyobject(v, gcw);
            }
        }
        for (RootScope m : roots.scopes) {
            markScope(m, gcw);
        }
    }

    /**
     * Greys the objects in one goroutine's scope. Concurrently with the goroutine this is a racy read, which is
     * fine because mark termination rescans every scope with the world stopped. Caller owns gcw's P.
     */
    private void markScope(RootScope m, GcWork gcw) {
        long[] r = m.slots;
        int top = Math.min(m.top, r.length);
        for (int i = 0; i < top; i++) {
            long v = r[i];
            if (v != 0) {
                greyobject(v, gcw);
            }
        }
    }
}
