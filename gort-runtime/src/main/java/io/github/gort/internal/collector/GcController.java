package io.github.gort.internal.collector;

import io.github.gort.diagnosis.DisposeLog;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.Shape;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.gcwork.Workbuf;
import io.github.gort.internal.scheduler.G;
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

/**
 * One GC cycle after another: trigger, mark start, concurrent mark with background workers and assists,
 * gcMarkDone's forEachP rounds, mark termination with the world stopped, checkmark, sweep (Go: mgc.go gcStart,
 * gcBgMarkWorker, gcMarkDone, gcMarkTermination; Go 1.5's gc() coordinator; mgcpacer.go for the goal).
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
 * field                      writer                                  mode
 * gcphase, writeBarrier      the coordinator, world stopped          volatile (read on every alloc/store)
 * running                    a trigger (CAS) and the coordinator     atomic
 * cycle, heapMarked,         the coordinator (world stopped)         volatile / plain under STW
 *  heapGoal, heapTrigger
 * pause and round counters   the coordinator                         atomic
 * </pre>
 */
public final class GcController {
    public static final int OFF = 0;
    static final int MARK = 1;
    static final int MARKTERM = 2;
    /** Objects a worker scans between preemption checks and mcache-free safe points. */
    private static final int DRAIN_CHUNK = 4096;

    private final GcHeap heap;
    private final Sched sched;
    private final MHeap mheap;
    private final GcMark mark;

    public volatile int gcphase = OFF;
    public volatile boolean writeBarrier;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean markDone;
    private volatile boolean forced;
    volatile int cycle;
    public final AtomicLong cyclesCompleted = new AtomicLong();
    public volatile long heapMarked;
    public volatile long heapGoal;
    private volatile long heapTrigger;
    /** Scan bytes owed per byte allocated during mark (assists), set at mark start. */
    private volatile double assistRatio = 1.0;

    public final AtomicLong maxPauseNanos = new AtomicLong();
    public final AtomicLong totalPauseNanos = new AtomicLong();
    public final LongAdder forEachPRounds = new LongAdder();
    public final LongAdder workbufsMoved = new LongAdder();
    public final LongAdder checkmarkCycles = new LongAdder();
    public final LongAdder assists = new LongAdder();
    private final LongAdder assistNanos = new LongAdder();
    private final LongAdder workerNanos = new LongAdder();
    private long gcCpuNanos;
    private final AtomicBoolean flushed = new AtomicBoolean();
    private final SafePointFn flushFn;
    /** Test hook: runs in the coordinator goroutine right after mark starts (the world is running). */
    public volatile Runnable markStartHook;

    public GcController(GcHeap heap) {
        this.heap = heap;
        this.sched = heap.sched;
        this.mheap = heap.mheap;
        this.mark = heap.mark;
        long min = heap.config.minHeapBytes();
        this.heapGoal = min;
        this.heapTrigger = min * 7 / 8;
        this.flushFn = this::flushGcWork;
    }

    // ------------------------------------------------------------------------------------------ triggers

    /** Starts a cycle if the heap grew past the trigger (GOGC). Caller is a goroutine with a P; no yield. */
    public void maybeStart(M mp) {
        if (gcphase == OFF && sched.config.gogc() >= 0 && mheap.heapLive.get() >= heapTrigger && !running.get()) {
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

    // ----------------------------------------------------------------------------- mutator-side hooks

    /** Allocate black during mark, and pay for the allocation with mark work. Caller owns gp's P; no yield. */
    public void allocBlack(long a, Shape s, G gp) {
        mheap.spanOf(a).tryMark(a);
        P pp = gp.m.p;
        MCache c = heap.mcacheLocal.get(pp);
        long bytes = s.bytes();
        c.blackBytes += bytes;
        c.assistDebt += bytes;
        if (c.assistDebt >= heap.config.assistBytes()) {
            gcAssistAlloc(c, pp, gp);
        }
    }

    /** Scans objects from the caller's own P's gcWork in proportion to its allocation. Go: gcAssistAlloc. */
    private void gcAssistAlloc(MCache c, P pp, G gp) {
        long t0 = System.nanoTime();
        long owed = (long) (c.assistDebt * assistRatio);
        c.assistDebt = 0;
        GcWork w = heap.gcwLocal.get(pp);
        long start = w.scanWork;
        while (w.scanWork - start < owed) {
            if (mark.gcDrain(w, gp, 64) == 0) {
                break;
            }
        }
        assists.increment();
        assistNanos.add(System.nanoTime() - t0);
    }

    /** The write barrier's slow path: grey val into the running P's gcWork. Caller owns gp's P. Go: shade. */
    public void shade(long val, G gp) {
        P pp = gp.m.p;
        mark.greyobject(val, heap.gcwLocal.get(pp));
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
        long tBegin = System.nanoTime();
        heap.sweep.finish();
        long heapAtStart = mheap.heapLive.get();
        long goal = heapGoal;

        // Sweep termination and mark start: pause 1.
        long p1 = System.nanoTime();
        M mp = M.current();
        sched.world.stopTheWorld(mp, "GC sweep termination");
        int c = cycle + 1;
        cycle = c;
        long markedBase = heap.lists.bytesMarked();
        markDone = false;
        assistRatio = Math.max(0.25, (double) Math.max(heapMarked, heap.config.minHeapBytes())
                / Math.max(1, goal - heapTrigger));
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
        long marked = markTermination(c, markedBase);
        sched.world.startTheWorld(M.current());
        long pause2 = pause(p2);
        cyclesCompleted.incrementAndGet();
        if (sched.config.godebug().gctrace()) {
            gctrace(c, tBegin, pause1, markNanos, pause2, heapAtStart, heapAtMarkEnd, marked, goal, wasForced);
        }
        running.set(false);
        heap.sweep.finish();                                // bgsweep
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
        workerNanos.add(System.nanoTime() - t0);
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

    private void withOwnGcw(java.util.function.Consumer<GcWork> action) {
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
        heapMarked = marked;
        mheap.heapLive.set(marked);
        int gogc = sched.config.gogc();
        long goal = gogc < 0 ? Long.MAX_VALUE : Math.max(heap.config.minHeapBytes(), marked + marked * gogc / 100);
        heapGoal = goal;
        heapTrigger = gogc < 0 ? Long.MAX_VALUE : marked + (goal - marked) * 7 / 10;
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
        return d;
    }

    /** One line per cycle in Go 1.19's format (runtime/extern.go documents the fields). */
    private void gctrace(int c, long tBegin, long pause1, long markNanos, long pause2, long heapAtStart,
                         long heapAtMarkEnd, long marked, long goal, boolean wasForced) {
        int procs = sched.gomaxprocs;
        double assistMs = assistNanos.sumThenReset() / 1e6;
        double bgMs = workerNanos.sumThenReset() / 1e6;
        gcCpuNanos += (pause1 + pause2) * procs + (long) ((assistMs + bgMs) * 1e6);
        double elapsed = (System.nanoTime() - heap.startNanos) / 1e9;
        long pct = Math.round(100.0 * gcCpuNanos / Math.max(1.0, elapsed * 1e9 * procs));
        System.err.printf("gc %d @%.3fs %d%%: %s+%s+%s ms clock, %s+%s/%s/0+%s ms cpu, %d->%d->%d MB, %d MB goal,"
                        + " 0 MB stacks, 0 MB globals, %d P%s%n",
                c, (tBegin - heap.startNanos) / 1e9, pct, ms(pause1 / 1e6), ms(markNanos / 1e6), ms(pause2 / 1e6),
                ms(pause1 * procs / 1e6), ms(assistMs), ms(bgMs), ms(pause2 * procs / 1e6),
                heapAtStart >> 20, heapAtMarkEnd >> 20, marked >> 20, goal == Long.MAX_VALUE ? 0 : goal >> 20,
                procs, wasForced ? " (forced)" : "");
    }

    /** Go prints two significant digits (0.011, 0.45, 12). */
    private static String ms(double v) {
        if (v >= 10) {
            return Long.toString(Math.round(v));
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
