package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.Root;
import io.github.gort.heap.Shape;
import io.github.gort.internal.gcwork.GcWork;
import io.github.gort.internal.scheduler.M;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.FatalError;
import io.github.gort.runtime.GoDebug;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.testing.TestRuntimes;
import org.junit.jupiter.api.Test;

/**
 * Checkmark must be able to fail (testing.md Layer D): with the write barrier switched off, a pointer hidden from
 * the concurrent mark is reported, naming the object, its size, the cycle and the root. The same interleaving
 * with the Dijkstra barrier passes and the object survives. Deterministic: the mutation runs at the pause point
 * right after mark start, in the GC goroutine itself.
 *
 * <p>The classic hiding move: A is black (marked and scanned while it had no pointer), W is white and reachable only
 * from B (grey). Store W into A, then clear B's pointer. Without a barrier nobody shades W.
 */
class CheckmarkTest {
    private static Config config() {
        return Config.defaults().gomaxprocs(2).godebug(new GoDebug(0, false, false, true, false)).printPanics(false);
    }

    private static long[] hideAtMarkStart(GoRuntime rt, HeapConfig.WriteBarrier barrier) {
        Heap heap = Heap.install(rt, HeapConfig.defaults().limitBytes(16L << 20).writeBarrier(barrier));
        long[] ids = new long[3];
        boolean[] survived = {false};
        rt.run(() -> {
            Shape holder = heap.shape(1, 0);
            Shape leaf = heap.shape(0, 2);
            Root rootA = heap.newRoot("A");
            Root rootB = heap.newRoot("B");
            try (Mutator mu = heap.mutator()) {
                long a = mu.alloc(holder);
                long b = mu.alloc(holder);
                long w = mu.alloc(leaf);
                mu.setWord(w, 0, 4242);
                mu.setPtr(b, 0, w);
                rootA.set(a);
                rootB.set(b);
                ids[0] = a;
                ids[1] = b;
                ids[2] = w;
            }
            RuntimeAccess.heap(heap).cycle.markStartHook = () -> {
                M mp = M.current();
                mp.acquirem();
                GcWork gcw = RuntimeAccess.heap(heap).gcwLocal.get(mp.p);
                RuntimeAccess.heap(heap).mark.greyobject(ids[0], gcw);              // A: grey ...
                while (RuntimeAccess.heap(heap).mark.gcDrain(gcw, null, Integer.MAX_VALUE) > 0) {
                    // ... and scanned: black, with no pointer yet
                }
                mp.releasem();
                try (Mutator mu = heap.mutator()) {
                    mu.setPtr(ids[0], 0, ids[2]);               // black A -> white W (the barrier shades W, if on)
                    mu.setPtr(ids[1], 0, 0);                    // W's only other path is gone
                }
                RuntimeAccess.heap(heap).cycle.markStartHook = null;
            };
            heap.collect();
            survived[0] = RuntimeAccess.heap(heap).isAllocated(ids[2]);
        });
        return new long[] {ids[2], survived[0] ? 1 : 0};
    }

    @Test
    void withoutTheWriteBarrierCheckmarkReportsTheMiss() {
        // Not registered for the after-test scheduler invariants: like Go's throw, the failure stops the runtime
        // with the world still stopped (P0 stays _Pgcstop under the GC goroutine's M).
        GoRuntime rt = new GoRuntime(config());
        FatalError e = assertThrows(FatalError.class, () -> hideAtMarkStart(rt, HeapConfig.WriteBarrier.OFF_UNSAFE));
        System.out.println("barrier off, as required: " + e.getMessage());
        assertThat(e.getMessage()).startsWith("checkmark: found unmarked object").contains("16 B")
                .contains("global root \"A\"").contains("cycle 1");
    }

    @Test
    void withTheDijkstraBarrierTheObjectSurvives() {
        GoRuntime rt = new GoRuntime(config());
        TestRuntimes.register(rt);
        long[] r = hideAtMarkStart(rt, HeapConfig.WriteBarrier.DIJKSTRA);
        assertThat(r[1]).as("W survived the collection").isEqualTo(1);
        assertThat(RuntimeAccess.sched(rt).heap.stats().checkmarkCycles()).isEqualTo(1);
    }
}
