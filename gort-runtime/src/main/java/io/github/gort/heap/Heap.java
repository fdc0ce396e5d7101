package io.github.gort.heap;

import io.github.gort.internal.collector.GcHeap;
import io.github.gort.internal.scheduler.Goroutines;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.internal.scheduler.Sched;
import io.github.gort.runtime.GoRuntime;

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
 * <p>Only goroutines use a heap. Objects are {@code long} ids into one arena; see {@link Mutator} for the rule
 * on ids held in Java locals across safe points.
 */
public final class Heap {
    static {
        RuntimeAccess.registerHeap(h -> h.h);
    }

    /** The state and the collector; internal. */
    private final GcHeap h;

    private Heap(Sched sched, HeapConfig config) {
        this.h = new GcHeap(sched, config, Shape::new);
    }

    /**
     * The heap of the runtime running the calling goroutine, created on first use with
     * {@link HeapConfig#fromEnvironment()} unless {@link #install} set one up.
     */
    public static Heap current() {
        Sched s = Goroutines.goroutineM("Heap.current").sched;
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
        Sched s = RuntimeAccess.sched(rt);
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
        return h.mheap.shape(nptr, nscalar);
    }

    /** A Mutator (allocation, slot access, root scope) for the calling goroutine. Close it when done. */
    public Mutator mutator() {
        M mp = Goroutines.goroutineM("Heap.mutator");
        Mutator m = new Mutator(h, mp.curg);
        h.roots.scopes.add(m.scope);
        return m;
    }

    /** A new global root, initially 0. */
    public Root newRoot(String name) {
        Root r = new Root(name);
        h.roots.globals.add(r);
        return r;
    }

    /** Runs a full GC cycle and finishes its sweep before returning (Go: runtime.GC). Caller is a goroutine. */
    public void collect() {
        Goroutines.goroutineM("Heap.collect");
        h.cycle.collect();
    }

    public HeapConfig config() {
        return h.config;
    }

    /** The heap's GC figures so far. */
    public HeapStats stats() {
        return h.stats();
    }
}
