package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.HeapStats;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.OutOfHeapError;
import io.github.gort.heap.Root;
import io.github.gort.heap.Shape;
import io.github.gort.internal.scheduler.RuntimeAccess;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.GoDebug;
import io.github.gort.runtime.GoPanic;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reachability oracle (Go's GCTestIsReachable, testing.md Layer D): allocate N objects, keep a known subset
 * through the scope, a global root and heap pointers, collect, and check that every kept object survived with its
 * contents while every dropped one was freed. Also: heap exhaustion is a clear error, not a corrupted heap.
 */
class HeapReachabilityTest {
    private static Config config(int procs) {
        return Config.defaults().gomaxprocs(procs).godebug(new GoDebug(0, false, false, true, false));
    }

    @Test
    void keptObjectsSurviveAndDroppedOnesAreFreed() {
        int n = 20_000;
        List<String> failures = new ArrayList<>();
        long[] counts = new long[3];
        GoRuntime rt = new GoRuntime(config(2).printPanics(false));
        Heap.install(rt, HeapConfig.defaults().limitBytes(64L << 20));
        TestRuntimes.register(rt);
        rt.run(() -> {
            Heap heap = Heap.current();
            Shape obj = heap.shape(1, 1);
            Shape table = heap.shape(1024, 0);
            Root global = heap.newRoot("kept-by-global");
            try (Mutator mu = heap.mutator()) {
                long tab = mu.alloc(table);
                mu.push(tab);                                   // kept: table and what it points to
                long[] all = new long[n];
                boolean[] kept = new boolean[n];
                int inTable = 0;
                long chain = 0;
                for (int i = 0; i < n; i++) {
                    long o = mu.alloc(obj);
                    mu.setWord(o, 1, 1000L + i);
                    all[i] = o;
                    switch (i % 7) {
                        case 0 -> {                             // through the table
                            if (inTable < 1024) {
                                mu.setPtr(tab, inTable++, o);
                                kept[i] = true;
                            }
                        }
                        case 1 -> {                             // through a chain hanging from the global root
                            mu.setPtr(o, 0, chain);
                            chain = o;
                            global.set(chain);
                            kept[i] = true;
                        }
                        case 2 -> {                             // directly in the scope
                            mu.push(o);
                            kept[i] = true;
                        }
                        default -> { }                          // dropped
                    }
                }
                heap.collect();
                heap.collect();
                for (int i = 0; i < n; i++) {
                    boolean alive = RuntimeAccess.heap(heap).isAllocated(all[i]);
                    if (kept[i]) {
                        counts[0]++;
                        if (!alive || mu.get(all[i], 1) != 1000L + i) {
                            failures.add("kept object #" + i + " (" + all[i] + ") was freed or changed");
                        }
                    } else {
                        counts[1]++;
                        if (alive) {
                            counts[2]++;
                        }
                    }
                }
            }
        });
        HeapStats st = RuntimeAccess.sched(rt).heap.stats();
        System.out.printf("reachability oracle: %d kept, %d dropped, %d dropped still allocated; %s%n",
                counts[0], counts[1], counts[2], st);
        assertThat(failures).isEmpty();
        assertThat(counts[2]).as("dropped objects still allocated after two collections").isZero();
        assertThat(st.checkmarkCycles()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void exhaustingTheHeapIsAClearError() {
        GoRuntime rt = new GoRuntime(config(2).printPanics(false));
        Heap.install(rt, HeapConfig.defaults().limitBytes(2L << 20).minHeapBytes(256 << 10));
        TestRuntimes.register(rt);
        GoPanic p = assertThrows(GoPanic.class, () -> rt.run(() -> {
            Heap heap = Heap.current();
            Shape obj = heap.shape(1, 7);
            try (Mutator mu = heap.mutator()) {
                long head = 0;
                int d = mu.push(0);
                while (true) {                                  // everything stays reachable
                    long o = mu.alloc(obj);
                    mu.setPtr(o, 0, mu.root(d));
                    mu.setRoot(d, o);
                    head = o;
                }
            }
        }));
        assertThat(p.getCause()).isInstanceOf(OutOfHeapError.class);
        assertThat(p.getCause().getMessage()).contains("2 MiB").contains("goroutine 1").contains("gort.heap.limit");
        System.out.println("heap exhaustion reported as: " + p.getCause().getMessage());
    }
}
