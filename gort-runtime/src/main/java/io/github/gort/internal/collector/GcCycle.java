package io.github.gort.internal.collector;

import io.github.gort.trace.EventKind;
import io.github.gort.diagnosis.DisposeLog;
import io.github.gort.heap.HeapConfig;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.jfr.GcCycleEvent;
import io.github.gort.internal.gcwork.Workbuf;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.P;
import io.github.gort.internal.scheduler.PLocal;
import io.github.gort.internal.scheduler.SafePointFn;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.Go;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One GC cycle after another: the start (by the heap trigger or runtime.GC), mark start, concurrent mark with
 * background workers, gcMarkDone's forEachP rounds, mark termination with the world stopped, checkmark, sweep
 * (Go: mgc.go gcStart, gcBgMarkWorker, gcMarkDone, gcMarkTermination, gcSweep; Go 1.5's gc() coordinator). The
 * pacer ({@link GcPacer}) says when to start and sets the next goal; the mutators' share of mark work (assists,
 * allocate-black, the write barrier) is in {@link GcMark}; the trace line in {@link GcTrace}.
 *
 * <h2>A cycle (run by one goroutine, the coordinator, which is also the first mark worker)</h2>
 * <ol>
 * <li>Finish sweeping the previous cycle (Go: finishsweep_m).
 * <li>Stop the world; phase := mark, write barrier on, allocate black; start the world (pause 1).
 * <li>Start helper workers (max(1, round(GOMAXPROCS/4)) workers in all, the coordinator included); grey the roots;
 *     drain (helpers and the coordinator run gcDrain until preempted; mutators assist when they allocate).
 * <li><b>gcMarkDone</b>: when the coordinator finds no work, {@code forEachP(p -> p.gcw.dispose())}, collecting
 *     each P's flushedWork. If any P flushed, new grey objects may exist: drain again and repeat. This is the
 *     golang/go#11640 path: the safe-point function disposes a P's gcWork, so it must run while its runner owns
 *     the P (Syscall.reentersyscall runs it before publishing _Psyscall).
 * <li>Stop the world (pause 2): dispose every P's gcWork, rescan all roots (goroutine scopes, as 1.5 rescanned
 *     stacks), drain to empty, check that no gcWork and no list holds work, run checkmark if asked, flush every
 *     mcache, add 2 to sweepgen, set the next goal (GOGC); phase := off; start the world.
 * <li>Print the gctrace line; sweep in the background.
 * </ol>
 *
 * <h2>Termination detection: why gcMarkDone, not Go 1.5's nproc/nwait</h2>
 * The nwait counter needs every producer of grey objects to take part in the count, but the Dijkstra barrier
 * makes every mutator a producer that holds work privately in its P's gcWork; 1.5 needed a second mechanism
 * (gcBlackenPromptly plus forEachP) anyway. The flushedWork ragged barrier is one mechanism for both: a round in
 * which no P flushed proves that, between two consecutive visits to each P, nothing was published; the few grey
 * objects that mutators shade after the last round stay in P caches and are drained in pause 2.
 *
 * <pre>
 * field                      writer                                  readers                  mode
 * gcphase, writeBarrier      the coordinator, world stopped          every alloc and store    volatile
 * running                    a trigger (CAS) and the coordinator     triggers                 atomic
 * forced                     runtime.GC (collect)                    the coordinator          volatile
 * cycle, markDone            the coordinator                         helper workers, the      volatile
 *                                                                    safe-point function
 * flushed                    the safe-point function (any P owner)   the coordinator          atomic
 * cyclesCompleted, pauses,   the coordinator (rounds: gcMarkDone;    stats, collect           atomic / LongAdder
 *  rounds, workbufsMoved,     workbufsMoved: the safe-point
 *  checkmarkCycles            function)
 * markStartHook              tests, before the cycle                 the coordinator          volatile
 * </pre>
 * Invariants: I1 at most one coordinator marks at a time ({@code running} is set by the CAS that starts it and
 * released once, right after its mark termination); I2 {@code gcphase != OFF} only between pause 1 and the end
 * of pause 2; I3 at the end of pause 2 no gcWork and no workbuf list holds grey objects (checked, fatal).
 */
public final class GcCycle {
    public static final int OFF = 0;
    static final int MARK = 1;
    static final int MARKTERM = 2;
    /** Objects a worker scans between preemption checks and mcache-free safe points. */
    private static final int DRAIN_CHUNK = 4096;

    private final GcHeap heap;
    private final Sched sched;
    private final MHeap mheap;
    private final GcMark mark;
    private final GcPacer pacer;
    private final GcTrace trace;

    public volatile int gcphase = OFF;
    public volatile boolean writeBarrier;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean markDone;
    private volatile boolean forced;
    private volatile int cycle;

    final AtomicLong cyclesCompleted = new AtomicLong();
    final AtomicLong maxPauseNanos = new AtomicLong();
    final AtomicLong totalPauseNanos = new AtomicLong();
    final LongAdder forEachPRounds = new LongAdder();
    final LongAdder workbufsMoved = new LongAdder();
    final LongAdder checkmarkCycles = new LongAdder();
    private final AtomicBoolean flushed = new AtomicBoolean();
    private final SafePointFn flushFn = this::flushGcWork;
    /** Test hook: runs in the coordinator goroutine right after mark starts (the world is running). */
    public volatile Runnable markStartHook;

    GcCycle(GcHeap heap) {
        this.heap = heap;
        this.sched = heap.sched;
        this.mheap = heap.mheap;
        this.mark = heap.mark;
        this.pacer = heap.pacer;
        this.trace = new GcTrace(heap.startNanos);
    }

    // ------------------------------------------------------------------------------------------ triggers

    /** Starts a cycle if the heap grew past the trigger (GOGC). Caller is a goroutine with a P; no yield. */
    public void maybeStart(M mp) {
        if (gcphase == OFF && pacer.heapTriggered(mheap.heapLive.get(), sched.config.gogc()) && !running.get()) {
            start(mp);
        }
    }

    private void start(M mp) {
        if (running.compareAndSet(false, true)) {
            sched.goroutines.newproc(mp, this::cycleGoroutine);
        }
    }

    /** Runs a full cycle and its sweep, and returns when both are done (Go: runtime.GC). Caller is a goroutine. */
    public void collect() {
        long target = cyclesCompleted.get() + (running.get() ? 2 : 1);
        forced = true;
        waitForCycles(target);
        heap.sweep.finish();
    }

    /** The heap is out of spans: run a full collection and finish sweeping, so freed spans can be reused. */
    public void waitForSpace() {
        collect();
    }

    private void waitForCycles(long target) {
        while (cyclesCompleted.get() < target) {
            if (!running.get()) {
                start(M.current());
            }
            Go.gosched();
            if (sched.exiting()) {
                throw new FatalError("GC: the runtime is exiting while goroutine " + Go.goid() + " waits for a collection");
            }
        }
    }

    // ---------------------------------------------------------------------------------------- the cycle

    /**
     * The body of the goroutine that runs one cycle. {@code running} is released once, right after mark
     * termination (runCycle), so that the next cycle may start while this goroutine still sweeps; it must not be
     * released again later, or a third coordinator could start while the second one marks.
     */
    private void cycleGoroutine() {
        try {
            runCycle();
        } catch (FatalError e) {
            sched.exit.fatal(e);
        }
    }

    private void runCycle() {
        GcCycleEvent event = GcCycleEvent.start();
        long tBegin = System.nanoTime();
        heap.sweep.finish();
        long heapAtStart = mheap.heapLive.get();
        long goal = pacer.heapGoal();

        // Sweep termination and mark start: pause 1.
        long p1 = System.nanoTime();
        M mp = M.current();
        sched.world.stopTheWorld(mp, "GC sweep termination");
        int c = cycle + 1;
        cycle = c;
        traceCycle(EventKind.GC_START, c);
        long markedBase = heap.lists.bytesMarked();
        markDone = false;
        pacer.startCycle();
        gcphase = MARK;
        writeBarrier = heap.config.writeBarrier() == HeapConfig.WriteBarrier.DIJKSTRA;
        sched.world.startTheWorld(M.current());
        long pause1 = pause(p1);
        boolean wasForced = forced;
        forced = false;

        Runnable hook = markStartHook;
        if (hook != null) {
            hook.run();
        }
        int nworkers = Math.max(1, Math.round(sched.gomaxprocs * 0.25f));
        for (int i = 1; i < nworkers; i++) {
            mp = M.current();
            sched.goroutines.newproc(mp, () -> helperWorker(c));
        }
        long tMark = System.nanoTime();
        withOwnGcw(mark::markroots);
        gcMarkDone();
        long markNanos = System.nanoTime() - tMark;
        long heapAtMarkEnd = mheap.heapLive.get();

        // Mark termination: pause 2.
        long p2 = System.nanoTime();
        sched.world.stopTheWorld(M.current(), "GC mark termination");
        traceCycle(EventKind.GC_MARK_TERMINATION, c);
        long marked = markTermination(c, markedBase);
        sched.world.startTheWorld(M.current());
        long pause2 = pause(p2);
        cyclesCompleted.incrementAndGet();
        if (event != null) {
            GcCycleEvent.finish(event, new GcCycleEvent.Figures(c, wasForced, pause1, markNanos, pause2, heapAtStart,
                    marked, goal));
        }
        if (sched.config.godebug().gctrace()) {
            trace.print(new GcTrace.Cycle(c, tBegin, pause1, markNanos, pause2, heapAtStart, heapAtMarkEnd, marked,
                    goal, wasForced), pacer, sched.gomaxprocs);
        }
        running.set(false);
        traceCycle(EventKind.GC_SWEEP_START, c);
        heap.sweep.finish();                                // bgsweep
        traceCycle(EventKind.GC_SWEEP_DONE, c);
    }

    private void traceCycle(EventKind kind, int c) {
        if (sched.tracer.on()) {
            M mp = M.current();
            sched.tracer.event(mp, kind, mp.p == null ? -1 : mp.p.id, mp.curg == null ? 0 : mp.curg.goid, c, "");
        }
    }

    /** Go: gcMarkDone's loop. Returns when a forEachP round found that no P had flushed work. */
    private void gcMarkDone() {
        while (true) {
            drainUntilEmpty();
            flushed.set(false);
            sched.safePoint.forEachP(M.current(), flushFn);
            forEachPRounds.increment();
            if (!flushed.get()) {
                markDone = true;
                return;
            }
        }
    }

    /**
     * The safe-point function of gcMarkDone: dispose pp's gcWork and note whether it flushed work. Runs as pp's
     * owner (the seed's rule), possibly under sched.lock: it must not block or yield.
     */
    private void flushGcWork(P pp) {
        GcWork w = heap.gcwLocal.get(pp);
        DisposeLog log = heap.disposeLog;
        if (log != null) {
            log.record(pp, w, cycle);
        }
        workbufsMoved.add(w.held());
        if (sched.tracer.on()) {
            M mp = M.current();
            sched.tracer.event(mp, EventKind.GCWORK_DISPOSE, pp.id, 0, w.held(), "gcMarkDone");
        }
        w.dispose();
        if (w.flushedWork()) {
            flushed.set(true);
        }
        w.clearFlushedWork();
    }

    private void drainUntilEmpty() {
        while (drainChunk() != 0) {
            Go.checkPreempt();
        }
    }

    /** Drains up to DRAIN_CHUNK objects from the current P's gcWork, non-preemptibly; returns how many. */
    private int drainChunk() {
        long t0 = System.nanoTime();
        M mp = M.current();
        mp.acquirem();
        int n = mark.gcDrain(heap.gcwLocal.get(mp.p), mp.curg, DRAIN_CHUNK);
        mp.releasem();
        pacer.recordMarkWork(System.nanoTime() - t0);
        return n;
    }

    /** A background mark worker beyond the coordinator. Go: gcBgMarkWorker (dedicated mode). */
    private void helperWorker(int c) {
        while (gcphase == MARK && cycle == c && !markDone) {
            int n = drainChunk();
            if (n == 0) {
                Go.gosched();
            } else {
                Go.checkPreempt();
            }
        }
    }

    private void withOwnGcw(Consumer<GcWork> action) {
        M mp = M.current();
        mp.acquirem();
        action.accept(heap.gcwLocal.get(mp.p));
        mp.releasem();
    }

    /** World stopped, by this goroutine. Returns the bytes marked. Go: gcMarkTermination + gcMark + gcSweep. */
    private long markTermination(int c, long markedBase) {
        gcphase = MARKTERM;
        M mp = M.current();
        P own = mp.p;
        for (P pp : sched.allp()) {
            if (pp != own) {
                PLocal.runAsOwner(pp, p -> heap.gcwLocal.get(p).dispose());
            }
        }
        GcWork w = heap.gcwLocal.get(own);
        mark.markroots(w);                                  // the rescan: scopes and globals, world stopped
        while (mark.gcDrain(w, null, Integer.MAX_VALUE) > 0) {
            // drain to empty
        }
        w.dispose();
        for (P pp : sched.allp()) {
            PLocal.runAsOwner(pp, p -> {
                if (heap.gcwLocal.get(p).held() != 0) {
                    throw new FatalError("gcMarkTermination: P" + p.id + " has cached GC work at end of mark termination");
                }
            });
        }
        Workbuf left = heap.lists.trygetfull();
        if (left != null) {
            throw new FatalError("gcMarkTermination: work.full holds workbuf #" + left.index() + " (nobj="
                    + left.nobj() + ") at end of mark termination");
        }
        writeBarrier = false;
        if (sched.config.godebug().gccheckmark()) {
            heap.checkmark.run(c);
            checkmarkCycles.increment();
        }
        long[] black = {0};
        for (P pp : sched.allp()) {
            PLocal.runAsOwner(pp, p -> {
                MCache mc = heap.mcacheLocal.get(p);
                black[0] += mc.blackBytes;
                mc.blackBytes = 0;
                mc.assistDebt = 0;
                mc.releaseAll();
            });
        }
        long marked = heap.lists.bytesMarked() - markedBase + black[0];
        mheap.sweepgen += 2;
        heap.sweep.startCycle(mheap.spansInUse());
        pacer.commit(marked, sched.config.gogc());
        mheap.heapLive.set(marked);
        gcphase = OFF;
        return marked;
    }

    /**
     * Records a stop-the-world pause: from the stop request until the world restarted (Go's PauseNs: stop, work,
     * start). The wakeups of idle Ms after the restart are excluded; World.maxWakeTailNanos keeps their cost.
     */
    private long pause(long since) {
        long d = sched.world.restartedNanos - since;
        totalPauseNanos.addAndGet(d);
        maxPauseNanos.accumulateAndGet(d, Math::max);
        sched.stats.gcPauses.record(d, cycle);
        return d;
    }
}
