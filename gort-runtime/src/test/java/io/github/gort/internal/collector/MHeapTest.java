package io.github.gort.internal.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gort.heap.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The page heap (Go: mheap.go mheap.alloc, freeSpan, spanOf): span allocation up to the arena's end, reuse of
 * freed spans, the span table at its edges, and the shape registry with its limits and errors.
 */
class MHeapTest {
    private static final long SPAN_BYTES = MHeap.SPAN_WORDS * 8L;

    @Test
    void spansAreHandedOutUpToTheLimitThenNull() {
        MHeap h = BareHeaps.heap(16 * SPAN_BYTES);
        Shape s = h.shape(1, 1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 1; i < 16; i++) {                             // span 0 is never used: address 0 is nil
            MSpan sp = h.allocSpan(s);
            assertThat(sp).as("span %d of 15", i).isNotNull();
            assertThat(sp.index).isBetween(1, 15);
            assertThat(seen.add(sp.index)).as("span %d handed out twice", sp.index).isTrue();
            assertThat(sp.base).isEqualTo((long) sp.index << MHeap.SPAN_SHIFT);
            assertThat(sp.state).isEqualTo(MSpan.IN_USE);
            assertThat(sp.shape).isSameAs(s);
        }
        assertThat(h.allocSpan(s)).as("the arena is exhausted").isNull();
        assertThat(h.spansInUse()).isEqualTo(15);
        assertThat(h.heapInUseBytes()).isEqualTo(15 * SPAN_BYTES);
    }

    @Test
    void aFreedSpanIsReusedAndStartsEmpty() {
        MHeap h = BareHeaps.heap(4 * SPAN_BYTES);
        Shape s = h.shape(0, 2);
        Shape t = h.shape(3, 0);
        MSpan a = h.allocSpan(s);
        MSpan b = h.allocSpan(s);
        h.allocSpan(s);
        assertThat(h.allocSpan(s)).isNull();
        a.nextFree();
        a.tryMark(a.base);
        h.freeSpan(a);
        assertThat(a.state).isEqualTo(MSpan.FREE);
        assertThat(h.spansInUse()).isEqualTo(2);
        MSpan again = h.allocSpan(t);
        assertThat(again).isSameAs(a);
        assertThat(again.shape).isSameAs(t);
        assertThat(again.allocCount).isZero();
        assertThat(MSpanTest.popcount(again.allocBits)).isZero();
        assertThat(MSpanTest.popcount(again.gcmarkBits)).isZero();
        assertThat(h.spanOf(a.base)).as("the span table keeps the recycled span").isSameAs(again);
        assertThat(h.spanOf(b.base)).isSameAs(b);
    }

    @Test
    void spanOfAtTheEdgesOfSpansAndOfTheArena() {
        MHeap h = BareHeaps.heap(4 * SPAN_BYTES);
        MSpan sp = h.allocSpan(h.shape(1, 0));
        assertThat(h.spanOf(sp.base)).isSameAs(sp);
        assertThat(h.spanOf(sp.base + MHeap.SPAN_WORDS - 1)).isSameAs(sp);
        assertThat(h.spanOf(sp.base + MHeap.SPAN_WORDS)).as("the next span, not yet allocated").isNull();
        assertThat(h.spanOf(0)).as("nil").isNull();
        assertThat(h.spanOf(-1)).isNull();
        assertThat(h.spanOf(1)).as("span 0 is never used").isNull();
        assertThat(h.spanOf(4L * MHeap.SPAN_WORDS)).as("past the arena").isNull();
        assertThat(h.spanOf(Long.MAX_VALUE)).isNull();
    }

    @Test
    void theLimitIsRoundedDownToWholeSpansAndOutOfRangeLimitsAreRefused() {
        MHeap h = BareHeaps.heap(3 * SPAN_BYTES + 100);
        assertThat(h.limitBytes).isEqualTo(3 * SPAN_BYTES);
        assertThat(h.arena).hasSize(3 * MHeap.SPAN_WORDS);
        assertThat(BareHeaps.heap(2 * SPAN_BYTES).limitBytes).as("the smallest heap").isEqualTo(2 * SPAN_BYTES);
        assertThatThrownBy(() -> BareHeaps.heap(2 * SPAN_BYTES - 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heap limit 131064 bytes is out of range: use at least 131072 bytes and at most 15 GiB"
                        + " (gort's arena is one long[])");
        assertThatThrownBy(() -> BareHeaps.heap(16L << 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("heap limit 16 GiB is out of range");
    }

    @Test
    void aShapeIsRegisteredOnceAndNumberedInOrderOfFirstUse() {
        MHeap h = BareHeaps.heap(2 * SPAN_BYTES);
        Shape a = h.shape(2, 1);
        Shape b = h.shape(0, 0);
        assertThat(h.shape(2, 1)).isSameAs(a);
        assertThat(a.id()).isZero();
        assertThat(b.id()).isEqualTo(1);
        assertThat(b.words()).as("an empty object still takes a word").isEqualTo(1);
        assertThat(h.shape(1, 2)).as("pointers first: (1, 2) is not (2, 1)").isNotSameAs(a);
        assertThat(h.central(a).shape).isSameAs(a);
        assertThat(h.centrals()).hasSize(3);
        assertThat(h.shape(MHeap.SPAN_WORDS, 0).words()).as("one object fills a span").isEqualTo(MHeap.SPAN_WORDS);
    }

    @Test
    void badShapesAreRefusedWithWhatToDo() {
        MHeap h = BareHeaps.heap(2 * SPAN_BYTES);
        assertThatThrownBy(() -> h.shape(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Heap.shape(-1, 0): an object has 0 or more pointer and scalar words");
        assertThatThrownBy(() -> h.shape(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Heap.shape(0, -1)");
        assertThatThrownBy(() -> h.shape(MHeap.SPAN_WORDS, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Heap.shape(8192, 1): an object has 0 or more pointer and scalar words, at most 8192 words"
                        + " (64 KiB) in all; larger objects are not supported yet");
        assertThat(h.centrals()).as("a refused shape is not registered").isEmpty();
    }

    @Test
    void theRegistryStopsAtMaxShapes() {
        MHeap h = BareHeaps.heap(2 * SPAN_BYTES);
        for (int i = 0; i < MHeap.MAX_SHAPES; i++) {
            assertThat(h.shape(0, i).id()).isEqualTo(i);
        }
        assertThatThrownBy(() -> h.shape(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Heap.shape: more than 4096 distinct shapes; reuse shapes (pad scalars) instead of making"
                        + " one per object");
        assertThat(h.shape(0, 17).id()).as("known shapes are still found").isEqualTo(17);
        assertThat(h.centrals()).hasSize(MHeap.MAX_SHAPES);
    }

    /** Threads registering the same shapes in different orders get one instance per shape and distinct ids. */
    @Test
    void concurrentRegistrationGivesOneShapePerKey() throws Exception {
        int threads = 3;
        int shapes = 64;
        for (int round = 0; round < 50; round++) {
            MHeap h = BareHeaps.heap(2 * SPAN_BYTES);
            Shape[][] got = new Shape[threads][shapes];
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                        for (int k = 0; k < shapes; k++) {
                            int i = (k * (2 * me + 1) + me) % shapes;   // a different order per thread
                            got[me][i] = h.shape(i % 8, i / 8);
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "shape-registrar-" + t);
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(th.isAlive()).as("%s finished", th.getName()).isFalse();
            }
            assertThat(failures).isEmpty();
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < shapes; i++) {
                for (int t = 1; t < threads; t++) {
                    assertThat(got[t][i]).as("round %d, shape %d", round, i).isSameAs(got[0][i]);
                }
                ids.add(got[0][i].id());
                assertThat(h.central(got[0][i]).shape).isSameAs(got[0][i]);
            }
            assertThat(ids).hasSize(shapes).allMatch(id -> id >= 0 && id < shapes);
        }
    }
}
