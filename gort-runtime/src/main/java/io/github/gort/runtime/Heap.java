package io.github.gort.runtime;

/**
 * A gort runtime's managed heap: objects with pointer slots and scalar words, allocated through per-P caches and
 * collected by a concurrent mark-sweep collector with Go 1.5's design (Go: malloc.go, mheap.go, mcache.go,
 * mcentral.go, mgc.go, mgcmark.go, mgcwork.go, mgcsweep.go).
 *
 * <pre>{@code
 * GoRuntime.run(Config.fromEnvironment(), () -> {
 *     Heap heap = Heap.current();
 *     Shape node = heap.shape(2, 1);                  // two pointers, one scalar word
 *     try (Mutator mu = heap.mutator()) {
 *         long a = mu.alloc(node);
 *         mu.push(a);                                 // a root while this goroutine runs
 *         mu.setPtr(a, 0, mu.alloc(node));            // write barrier during mark
 *         mu.setWord(a, 2, 42);
 *     }
 * });
 * }</pre>
 *
 * <p>Pieces: {@link MHeap} (arena and spans), {@link MCentral} (spans per shape), {@link MCache} (per P, owner
 * only), {@link GcController} (cycles), {@link GcMark} (shade, drain), {@link GcWork} per P over the shared
 * {@link WorkbufLists}, {@link Sweep}, {@link Checkmark}. The per-P caches are {@link PLocal}s, so every use is
 * by the P's owner (asserted in debug mode) and they are flushed when a P is destroyed.
 */
public final class Heap {
    final Sched sched;
    final HeapConfig config;
    final MHeap mheap;
    final WorkbufLists lists;
    final Roots roots = new Roots();
    final Sweep sweep;
    final GcMark mark;
    final Checkmark checkmark;
    final GcController gc;
    final PLocal<GcWork> gcwLocal;
    final PLocal<MCache> mcacheLocal;
    final long startNanos = System.nanoTime();
    /** Diagnostics for golang/go#11640 reports; null unless installed. */
    volatile DisposeLog disposeLog;
    /** Test and repro hook run inside every gcWork.dispose after its first push (see GcWork). */
    private volatile Runnable disposeAfterPushHook;

    private Heap(Sched sched, HeapConfig config) {
        this.sched = sched;
        this.config = config;
        this.mheap = new MHeap(config.limitBytes());
        this.lists = new WorkbufLists(config.workbufCapacity());
        this.sweep = new Sweep(mheap);
        this.mark = new GcMark(mheap, roots);
        this.checkmark = new Checkmark(mheap, roots);
        this.gcwLocal = sched.plocals.define("gcw", () -> {
            GcWork w = new GcWork(lists);
            w.setAfterPushHook(() -> {
                Runnable h = disposeAfterPushHook;
                if (h != null) {
                    h.run();
                }
            });
            return w;
        }, GcWork::dispose);
        this.mcacheLocal = sched.plocals.define("mcache", () -> new MCache(mheap, sweep), MCache::releaseAll);
        this.gc = new GcController(this);
    }

    /**
     * The heap of the runtime running the calling goroutine, created on first use with
     * {@link HeapConfig#fromEnvironment()} unless {@link #install} set one up.
     */
    public static Heap current() {
        Sched s = Park.goroutineM("Heap.current").sched;
        Heap h = s.heap;
        if (h == null) {
            synchronized (s) {
                h = s.heap;
                if (h == null) {
                    h = new Heap(s, HeapConfig.fromEnvironment());
                    s.heap = h;
                }
            }
        }
        return h;
    }

    /** Sets up rt's heap with config. Call before {@code rt.run}. */
    public static Heap install(GoRuntime rt, HeapConfig config) {
        Sched s = rt.sched();
        synchronized (s) {
            if (s.heap != null) {
                throw new IllegalStateException("Heap.install: this runtime already has a heap");
            }
            Heap h = new Heap(s, config);
            s.heap = h;
            return h;
        }
    }

    /** The shape with nptr pointer slots then nscalar scalar words. Reuse the result: lookup is a map access. */
    public Shape shape(int nptr, int nscalar) {
        return mheap.shape(nptr, nscalar);
    }

    /** A Mutator (allocation, slot access, root scope) for the calling goroutine. Close it when done. */
    public Mutator mutator() {
        M mp = Park.goroutineM("Heap.mutator");
        Mutator m = new Mutator(this, mp.curg);
        roots.scopes.add(m);
        return m;
    }

    /** A new global root, initially 0. */
    public Root newRoot(String name) {
        Root r = new Root(name);
        roots.globals.add(r);
        return r;
    }

    /** Runs a full GC cycle and finishes its sweep before returning (Go: runtime.GC). Caller is a goroutine. */
    public void collect() {
        Park.goroutineM("Heap.collect");
        gc.collect();
    }

    public HeapConfig config() {
        return config;
    }

    /** The heap's GC figures so far. */
    public HeapStats stats() {
        return new HeapStats(gc.cyclesCompleted.get(), gc.maxPauseNanos.get(), gc.totalPauseNanos.get(),
                gc.forEachPRounds.sum(), gc.workbufsMoved.sum(), gc.checkmarkCycles.sum(), mheap.heapLive.get(),
                gc.heapMarked, gc.heapGoal, mheap.heapInUseBytes(), mheap.limitBytes, mheap.allocatedObjects.get(),
                mheap.freedObjects.get(), gc.assists.sum(), sched.world.maxWakeTailNanos);
    }

    /** Keeps, for every disposed workbuf, who disposed it for which P (golang/go#11640 reports). */
    public DisposeLog recordDisposals() {
        DisposeLog log = new DisposeLog();
        disposeLog = log;
        return log;
    }

    /** Runs hook inside gcWork.dispose, between pushing its first buffer and clearing the field (a pause point). */
    public void setDisposeAfterPushHook(Runnable hook) {
        disposeAfterPushHook = hook;
    }

    /** Runs hook in the GC goroutine right after each mark phase starts (tests). */
    void setMarkStartHook(Runnable hook) {
        gc.markStartHook = hook;
    }

    /** True if obj is an allocated object. Meaningful after {@link #collect} (spans swept). */
    boolean isAllocated(long obj) {
        MSpan s = mheap.spanOf(obj);
        if (s == null || s.state != MSpan.IN_USE) {
            return false;
        }
        int idx = s.objIndex(obj);
        return (obj - s.base) % s.shape.nwords == 0 && idx < s.nelems && (s.allocBits[idx >>> 6] & (1L << idx)) != 0;
    }
}
