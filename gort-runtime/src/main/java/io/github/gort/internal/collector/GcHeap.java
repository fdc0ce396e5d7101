package io.github.gort.internal.collector;

import io.github.gort.diagnosis.DisposeLog;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.HeapStats;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.gcwork.WorkbufLists;
import io.github.gort.internal.scheduler.PLocal;
import io.github.gort.internal.scheduler.Sched;

/**
 * One runtime's managed heap and its collector, the state behind the API's {@code Heap} (Go: mheap_ with the GC's
 * globals in mgc.go: work, gcController, the phase).
 *
 * <p>Pieces: {@link MHeap} (arena and spans), {@link MCentral} (spans per shape), {@link MCache} (per P, owner
 * only), {@link GcPacer} (goal, trigger, assist ratio), {@link GcCycle} (the cycles), {@link GcMark} (shade, drain,
 * assists), {@link GcWork} per P over the shared {@link WorkbufLists}, {@link Sweep}, {@link Checkmark}. The per-P
 * caches are {@link PLocal}s, so every use is by the P's owner (asserted in debug mode) and they are flushed when a
 * P is destroyed.
 *
 * <pre>
 * field                   writer                   readers              mode
 * all but the two below   constructor              everyone             final
 * disposeLog              diagnosis (before run)   gcMarkDone           volatile
 * disposeAfterPushHook    diagnosis (before run)   every gcWork.dispose volatile
 * </pre>
 */
public final class GcHeap {
    public final Sched sched;
    public final HeapConfig config;
    public final MHeap mheap;
    public final WorkbufLists lists;
    public final Roots roots = new Roots();
    public final Sweep sweep;
    public final GcPacer pacer;
    public final GcMark mark;
    public final Checkmark checkmark;
    public final GcCycle cycle;
    public final PLocal<GcWork> gcwLocal;
    public final PLocal<MCache> mcacheLocal;
    public final long startNanos = System.nanoTime();
    /** Diagnostics for golang/go#11640 reports; null unless installed. */
    public volatile DisposeLog disposeLog;
    /** Test and repro hook run inside every gcWork.dispose after its first push (see GcWork). */
    private volatile Runnable disposeAfterPushHook;

    public GcHeap(Sched sched, HeapConfig config, MHeap.ShapeFactory shapes) {
        this.sched = sched;
        this.config = config;
        this.mheap = new MHeap(config.limitBytes(), shapes);
        this.lists = new WorkbufLists(config.workbufCapacity());
        this.sweep = new Sweep(mheap);
        this.pacer = new GcPacer(config.minHeapBytes(), config.assistBytes());
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
        this.mark = new GcMark(mheap, roots, gcwLocal, mcacheLocal, pacer);
        this.cycle = new GcCycle(this);
    }

    /** The heap's GC figures so far. */
    public HeapStats stats() {
        return new HeapStats(cycle.cyclesCompleted.get(), cycle.maxPauseNanos.get(), cycle.totalPauseNanos.get(),
                cycle.forEachPRounds.sum(), cycle.workbufsMoved.sum(), cycle.checkmarkCycles.sum(),
                mheap.heapLive.get(), pacer.heapMarked(), pacer.heapGoal(), mheap.heapInUseBytes(), mheap.limitBytes,
                mheap.allocatedObjects.get(), mheap.freedObjects.get(), pacer.assists(), sched.world.maxWakeTailNanos,
                mheap.allocatedBytes.get());
    }

    /** Runs hook inside gcWork.dispose, between pushing its first buffer and clearing the field (a pause point). */
    public void setDisposeAfterPushHook(Runnable hook) {
        disposeAfterPushHook = hook;
    }

    /** True if obj is an allocated object. Meaningful after a collection (spans swept). */
    public boolean isAllocated(long obj) {
        MSpan s = mheap.spanOf(obj);
        if (s == null || s.state != MSpan.IN_USE) {
            return false;
        }
        int idx = s.objIndex(obj);
        return (obj - s.base) % s.shape.words() == 0 && idx < s.nelems && (s.allocBits[idx >>> 6] & (1L << idx)) != 0;
    }
}
