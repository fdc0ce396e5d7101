package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gort.heap.Heap;
import io.github.gort.heap.HeapConfig;
import io.github.gort.heap.HeapStats;
import io.github.gort.heap.Mutator;
import io.github.gort.heap.Shape;
import io.github.gort.runtime.Config;
import io.github.gort.runtime.Go;
import io.github.gort.runtime.GoDebug;
import io.github.gort.runtime.GoRuntime;
import io.github.gort.sync.WaitGroup;
import io.github.gort.testing.TestRuntimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Allocation-heavy goroutines mutate a large object graph while GC cycles run back to back with checkmark on
 * (testing.md Layer C workload 3 + Layer D), at GOMAXPROCS 1, 2 and 4. Every goroutine keeps a table of chains
 * whose expected checksums live on the Java side; it replaces chains, moves chains between slots (write barrier),
 * enters short system calls, and verifies every chain now and then and at the end. Nothing reachable may be lost
 * (checksums), checkmark must never fire, and the heap must stay bounded. The test runs until a number of GC cycles
 * have completed (not for a fixed time: CI may share the cores), with a generous deadline that only a hang
 * reaches. Scale with -Dgort.stress=N.
 */
@Tag("stress")
class HeapStressTest {
    private static final int GOROUTINES = 4;
    private static final int SLOTS = 512;
    /** Only a hang takes this long: 100 cycles take about 3 s on an idle 2-core machine. */
    private static final long DEADLINE_SECONDS = 300;

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void graphSurvivesHundredsOfCheckmarkedCycles(int procs) {
        // Two cores: 4 Ps means 4 Ms time-sharing them, and every STW and forEachP waits for all of them.
        long targetCycles = (procs <= 2 ? 100L : 30L) * TestRuntimes.stress();
        long seed = Long.getLong("gort.seed", System.nanoTime());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        LongAdder verified = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        long[] tookNanos = new long[1];
        GoRuntime rt = new GoRuntime(TestRuntimes.inTestMode(Config.defaults().gomaxprocs(procs))
                .godebug(new GoDebug(0, false, false, true, false)).printPanics(false));
        Heap heap = Heap.install(rt, HeapConfig.defaults().limitBytes(64L << 20).minHeapBytes(256L << 10)
                .workbufCapacity(16));
        TestRuntimes.register(rt);
        long[] maxInUse = new long[1];
        rt.run(() -> {
            Shape node = heap.shape(1, 1);
            Shape table = heap.shape(SLOTS, 0);
            WaitGroup wg = new WaitGroup();
            wg.add(GOROUTINES);
            long start = System.nanoTime();
            long deadline = start + DEADLINE_SECONDS * 1_000_000_000L;
            for (int g = 0; g < GOROUTINES; g++) {
                long gseed = seed + g;
                Go.go(() -> {
                    try {
                        verified.add(mutate(heap, node, table, new SplittableRandom(gseed), stop, failures));
                    } catch (RuntimeException | Error e) {
                        failures.add("goroutine failed: " + e);
                    } finally {
                        wg.done();
                    }
                });
            }
            while (heap.stats().gcCycles() < targetCycles && failures.isEmpty() && System.nanoTime() < deadline) {
                maxInUse[0] = Math.max(maxInUse[0], heap.stats().heapInUseBytes());
                try {
                    Go.blockingSyscall(() -> {
                        Thread.sleep(5);
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            tookNanos[0] = System.nanoTime() - start;
            stop.set(true);
            wg.await();
            heap.collect();       // a quiescent, checkmarked cycle: its live figure has no floating garbage, and no
                                  // cycle is left half-way when main returns
        });
        HeapStats st = heap.stats();
        System.out.printf("heap stress GOMAXPROCS=%d seed=%d: %d GC cycles in %.1f s (%d checkmarked), %d chains verified,"
                        + " %,d objects allocated, %,d freed, %d forEachP rounds, %d workbufs moved, %d assists,"
                        + " longest STW %.3f ms, max heap in use %d KiB, live after last cycle %d KiB%n",
                procs, seed, st.gcCycles(), tookNanos[0] / 1e9, st.checkmarkCycles(), verified.sum(), st.allocatedObjects(),
                st.freedObjects(), st.forEachPRounds(), st.workbufsMoved(), st.assists(), st.maxPauseNanos() / 1e6,
                maxInUse[0] >> 10, st.heapMarkedBytes() >> 10);
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(st.gcCycles()).as("GC cycles completed before the " + DEADLINE_SECONDS + " s deadline")
                .isGreaterThanOrEqualTo(targetCycles);
        assertThat(st.checkmarkCycles()).isEqualTo(st.gcCycles());
        // Bounded: the live set stays what the goroutines hold (4 x 512 chains of at most 16 nodes: < 2 MiB), and
        // the heap never reaches its limit however far allocation outruns a slow stop-the-world.
        assertThat(st.heapMarkedBytes()).as("live bytes after the last cycle").isLessThan(2L << 20);
        assertThat(maxInUse[0]).as("heap in use").isLessThan(st.limitBytes());
    }

    /** One goroutine's work; returns the number of chains verified. */
    private static long mutate(Heap heap, Shape node, Shape table, SplittableRandom r, AtomicBoolean stop,
                               List<String> failures) throws RuntimeException {
        long verifiedChains = 0;
        long[] expected = new long[SLOTS];
        try (Mutator mu = heap.mutator()) {
            long tab = mu.alloc(table);
            mu.push(tab);
            for (int i = 0; i < SLOTS; i++) {
                expected[i] = newChain(mu, node, tab, i, r);
            }
            long ops = 0;
            while (!stop.get() && failures.isEmpty()) {
                int i = r.nextInt(SLOTS);
                switch (r.nextInt(4)) {
                    case 0, 1 -> expected[i] = newChain(mu, node, tab, i, r);
                    case 2 -> {                                   // move a chain: a pointer store during mark
                        int j = r.nextInt(SLOTS);
                        mu.setPtr(tab, i, mu.get(tab, j));
                        expected[i] = expected[j];
                        expected[j] = newChain(mu, node, tab, j, r);
                    }
                    default -> {                                  // splice: the chain of j hangs off i's tail
                        int j = r.nextInt(SLOTS);
                        if (j != i) {
                            long tail = mu.get(tab, i);
                            while (mu.get(tail, 0) != 0) {
                                tail = mu.get(tail, 0);
                            }
                            mu.setPtr(tail, 0, mu.get(tab, j));
                            expected[i] += expected[j];
                            expected[j] = newChain(mu, node, tab, j, r);
                            if (chainLength(mu, mu.get(tab, i)) > 16) {
                                expected[i] = newChain(mu, node, tab, i, r);
                            }
                        }
                    }
                }
                if (++ops % 4096 == 0) {
                    for (int k = 0; k < SLOTS; k++) {
                        verifiedChains++;
                        long sum = checksum(mu, mu.get(tab, k));
                        if (sum != expected[k]) {
                            failures.add("slot " + k + ": checksum " + sum + ", expected " + expected[k]);
                        }
                    }
                    try {
                        Go.syscall(() -> null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return verifiedChains;
    }

    private static long newChain(Mutator mu, Shape node, long tab, int slot, SplittableRandom r) {
        int len = 1 + r.nextInt(4);
        long sum = 0;
        long head = 0;
        int mark = mu.depth();
        for (int k = 0; k < len; k++) {
            long n = mu.alloc(node);
            long v = r.nextLong(1, 1_000_000);
            mu.setWord(n, 1, v);
            mu.setPtr(n, 0, head);
            head = n;
            mu.popTo(mark);
            mu.push(head);
            sum += v;
        }
        mu.setPtr(tab, slot, head);
        mu.popTo(mark);
        return sum;
    }

    private static long checksum(Mutator mu, long n) {
        long sum = 0;
        for (; n != 0; n = mu.get(n, 0)) {
            sum += mu.get(n, 1);
        }
        return sum;
    }

    private static int chainLength(Mutator mu, long n) {
        int len = 0;
        for (; n != 0; n = mu.get(n, 0)) {
            len++;
        }
        return len;
    }
}
