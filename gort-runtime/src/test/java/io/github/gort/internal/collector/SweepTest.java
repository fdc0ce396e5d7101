package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.heap.Shape;
import io.github.gort.internal.scheduler.Debug;
import io.github.gort.runtime.FatalError;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sweeping (Go: mgcsweep.go mspan.sweep, sweepone): a swept span keeps exactly its marked objects, frees the
 * rest, clears its mark bits and goes back to the heap when nothing survived; a cycle sweeps every span in use
 * exactly once, also with several sweepers on real threads racing for the same lists.
 */
class SweepTest {
    private static final long SPAN_BYTES = MHeap.SPAN_WORDS * 8L;

    @Test
    void sweepKeepsMarkedObjectsAndFreesTheRest() {
        MHeap h = BareHeaps.heap(8 * SPAN_BYTES);
        Sweep sweep = new Sweep(h);
        Shape s = h.shape(1, 2);
        MSpan sp = h.central(s).cacheSpan(sweep);
        List<Long> objs = new ArrayList<>();
        for (long a; (a = sp.nextFree()) != 0; ) {
            objs.add(a);
            h.arena[(int) a + 1] = 7;
        }
        int kept = 0;
        for (int i = 0; i < objs.size(); i += 3) {
            sp.tryMark(objs.get(i));
            kept++;
        }
        h.central(s).putSwept(sp);
        BareHeaps.endMark(h, sweep);
        MSpan taken = h.central(s).takeUnswept(h.sweepgen);
        assertThat(taken).isSameAs(sp);

        assertThat(sweep.sweepSpan(sp)).as("survivors: the span stays in use").isTrue();

        assertThat(sp.allocCount).isEqualTo(kept);
        assertThat(MSpanTest.popcount(sp.gcmarkBits)).as("mark bits cleared for the next cycle").isZero();
        assertThat(sp.sweepgen).isEqualTo(h.sweepgen);
        assertThat(h.freedObjects.get()).isEqualTo(objs.size() - kept);
        assertThat(sweep.unswept()).isZero();
        for (int i = 0; i < objs.size(); i++) {
            long a = objs.get(i);
            int idx = sp.objIndex(a);
            boolean alloc = (sp.allocBits[idx >>> 6] & (1L << idx)) != 0;
            assertThat(alloc).as("object %d", i).isEqualTo(i % 3 == 0);
            if (i % 3 == 0) {
                assertThat(h.arena[(int) a + 1]).as("a survivor's contents").isEqualTo(7);
            } else if (Debug.CHECKS) {
                assertThat(h.arena[(int) a + 1]).as("a freed object is poisoned").isEqualTo(Sweep.POISON);
            }
        }
        List<Long> freed = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            if (i % 3 != 0) {
                freed.add(objs.get(i));
            }
        }
        List<Long> again = new ArrayList<>();
        for (long a; (a = sp.nextFree()) != 0; ) {
            again.add(a);
        }
        assertThat(again).as("allocation reuses exactly the freed objects, in address order").isEqualTo(freed);
    }

    @Test
    void aSpanWithoutMarksIsFreed() {
        MHeap h = BareHeaps.heap(8 * SPAN_BYTES);
        Sweep sweep = new Sweep(h);
        MSpan sp = h.central(h.shape(0, 1)).cacheSpan(sweep);
        sp.nextFree();
        sp.nextFree();
        h.central(sp.shape).putSwept(sp);
        BareHeaps.endMark(h, sweep);
        assertThat(sweep.sweepone()).isTrue();
        assertThat(sp.state).isEqualTo(MSpan.FREE);
        assertThat(h.spansInUse()).isZero();
        assertThat(h.freedObjects.get()).isEqualTo(2);
        assertThat(sweep.sweepone()).as("nothing left").isFalse();
    }

    @Test
    void sweepingASpanTwiceInOneCycleIsFatal() {
        MHeap h = BareHeaps.heap(8 * SPAN_BYTES);
        Sweep sweep = new Sweep(h);
        MSpan sp = h.central(h.shape(0, 1)).cacheSpan(sweep);
        sp.tryMark(sp.nextFree());
        BareHeaps.endMark(h, sweep);
        assertThat(sweep.sweepSpan(sp)).isTrue();
        assertThatThrownBy(() -> sweep.sweepSpan(sp)).isInstanceOf(FatalError.class)
                .hasMessage("mspan.sweep: bad span state: " + sp + " has state 1 and sweepgen 2, heap sweepgen 2"
                        + " (a span is swept once per cycle, by the thread that took it off an unswept list)");
        assertThat(sp.allocCount).as("the survivor is still allocated").isEqualTo(1);
    }

    @Test
    void oneSweeperSweepsEverySpanOnce() {
        sweepRounds(1, 40);
    }

    /**
     * Sweepers on real threads race for the same lists; every round checks that each span in use was swept
     * exactly once: the number of spans taken equals the spans in use at mark termination, every survivor's
     * alloc bit is set and no other, no mark bit is left, and the freed-object count matches.
     */
    @Test
    void concurrentSweepersNeverSweepASpanTwice() {
        sweepRounds(3, 200);
    }

    private static void sweepRounds(int sweepers, int rounds) {
        MHeap h = BareHeaps.heap(256 * SPAN_BYTES);
        Sweep sweep = new Sweep(h);
        Shape[] shapes = {h.shape(0, 1), h.shape(1, 2), h.shape(0, 64), h.shape(2, 700), h.shape(MHeap.SPAN_WORDS, 0)};
        SplittableRandom rnd = new SplittableRandom(0x5eed_5eedL + sweepers);
        List<Long> live = new ArrayList<>();
        long allocated = 0;
        for (int round = 0; round < rounds; round++) {
            // Allocate through an mcache (which sweeps nothing: everything is swept), then give the spans back.
            MCache mc = new MCache(h, sweep);
            for (Shape s : shapes) {
                int n = 1 + rnd.nextInt(3 * MHeap.SPAN_WORDS / s.words() + 1);
                for (int i = 0; i < n; i++) {
                    long a = mc.nextFree(s);
                    if (a == 0) {
                        a = mc.refill(s);
                    }
                    assertThat(a).as("round %d: the heap has room", round).isNotZero();
                    live.add(a);
                    allocated++;
                }
            }
            mc.releaseAll();
            // Mark a random half of everything allocated so far (the survivors of earlier rounds included).
            List<Long> survivors = new ArrayList<>();
            for (long a : live) {
                if (rnd.nextBoolean()) {
                    assertThat(h.spanOf(a).tryMark(a)).isTrue();
                    survivors.add(a);
                }
            }
            int inUse = h.spansInUse();
            BareHeaps.endMark(h, sweep);

            int swept = runSweepers(sweep, sweepers, round);

            assertThat(swept).as("round %d: spans swept, %d sweepers", round, sweepers).isEqualTo(inUse);
            assertThat(sweep.unswept()).as("round %d: unswept", round).isZero();
            checkSweptHeap(h, survivors, round);
            assertThat(h.freedObjects.get()).as("round %d: freed objects", round)
                    .isEqualTo(allocated - survivors.size());
            live = survivors;
        }
    }

    private static int runSweepers(Sweep sweep, int sweepers, int round) {
        if (sweepers == 1) {
            int n = 0;
            while (sweep.sweepone()) {
                n++;
            }
            return n;
        }
        AtomicInteger swept = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(sweepers);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < sweepers; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                    while (sweep.sweepone()) {
                        swept.incrementAndGet();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "sweeper-" + t + "-round-" + round);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            try {
                th.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + th.getName(), e);
            }
            assertThat(th.isAlive()).as("%s finished within 60 s", th.getName()).isFalse();
        }
        assertThat(failures).as("round %d: sweeper failures", round).isEmpty();
        return swept.get();
    }

    /** Every span in use is swept for this cycle and holds exactly its survivors; every span is on one list. */
    private static void checkSweptHeap(MHeap h, List<Long> survivors, int round) {
        Map<MSpan, BitSet> expected = new HashMap<>();
        for (long a : survivors) {
            MSpan s = h.spanOf(a);
            expected.computeIfAbsent(s, k -> new BitSet()).set(s.objIndex(a));
        }
        int inUse = 0;
        for (MSpan s : h.spans) {
            if (s == null || s.state != MSpan.IN_USE) {
                continue;
            }
            inUse++;
            assertThat(s.sweepgen).as("round %d: %s sweepgen", round, s).isEqualTo(h.sweepgen);
            BitSet want = expected.getOrDefault(s, new BitSet());
            assertThat(BitSet.valueOf(s.allocBits)).as("round %d: alloc bits of %s", round, s).isEqualTo(want);
            assertThat(s.allocCount).as("round %d: allocCount of %s", round, s).isEqualTo(want.cardinality());
            assertThat(MSpanTest.popcount(s.gcmarkBits)).as("round %d: mark bits of %s", round, s).isZero();
        }
        for (MSpan s : expected.keySet()) {
            assertThat(s.state).as("round %d: a span with survivors stays in use", round).isEqualTo(MSpan.IN_USE);
        }
        assertThat(inUse).as("round %d: spans in use = spans with survivors", round).isEqualTo(expected.size())
                .isEqualTo(h.spansInUse());
        int listed = 0;
        for (MCentral c : h.centrals()) {
            listed += c.spanCount();
        }
        assertThat(listed).as("round %d: spans on central lists", round).isEqualTo(inUse);
    }
}
